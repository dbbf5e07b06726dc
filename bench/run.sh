#!/usr/bin/env bash
# Reply-path benchmark (issue 8): builds the test classes, then runs io.agentruntime.bench.Benchmark,
# which starts simulated upstreams, forks the service on embedded PostgreSQL and drives the load.
# Not part of ./mvnw verify. Options: --scenario=overhead|inflight --virtual-threads=true|false
# --rate=N --llm-latency-ms=N --memory-latency-ms=N --warmup-s=N --measure-s=N --service-heap=512m
# --tomcat-threads=N --jfr --service-arg=--some.property=value --out=bench-results
# The JDK is JAVA_HOME's (or java on PATH); the service JVM uses the same one.
set -euo pipefail
cd "$(dirname "$0")/.."
JAVA="${JAVA_HOME:+$JAVA_HOME/bin/}java"
./mvnw -q -B ${MVN_OFFLINE:--o} test-compile dependency:build-classpath \
	-Dmdep.outputFile=target/bench-classpath.txt -Dmdep.includeScope=test
exec "$JAVA" -cp "target/test-classes:target/classes:$(cat target/bench-classpath.txt)" \
	io.agentruntime.bench.Benchmark "$@"
