#!/usr/bin/env python3
"""Where this service's CPU goes, from a JFR recording's execution samples (issue 15 profiles).

Usage: jfr-breakdown.py JFR_BIN RECORDING > jfr-cpu-breakdown.txt

Two views of the same samples: by library (the first non-JDK frame from the top of each stack, so time in
java.util code is charged to the library that called it), and by part of a reply (a sample counts for every
part whose frame is on its stack, so the parts overlap and do not add up to 100 %).
"""
import collections
import json
import re
import subprocess
import sys

LIBRARIES = [('org.postgresql', 'pgjdbc'), ('com.zaxxer', 'hikari'), ('org.hibernate', 'hibernate'),
             ('org.springframework.security', 'spring-security'), ('org.springframework.jdbc', 'spring-jdbc'),
             ('org.springframework.transaction', 'spring-tx'), ('org.springframework.orm', 'spring-orm'),
             ('org.springframework.web', 'spring-web'), ('org.springframework', 'spring (other)'),
             ('com.fasterxml.jackson', 'jackson'), ('okhttp3', 'okhttp'), ('okio', 'okio'),
             ('io.micrometer', 'micrometer'), ('ch.qos.logback', 'logback'), ('org.slf4j', 'logback'),
             ('org.apache.tomcat', 'tomcat'), ('org.apache.catalina', 'tomcat'), ('org.apache.coyote', 'tomcat'),
             ('io.github.resilience4j', 'resilience4j'), ('io.github.bucket4j', 'bucket4j'),
             ('com.github.benmanes', 'caffeine'), ('io.agentruntime', 'this service'),
             ('java.util.regex', 'java.util.regex')]
JDK = ('java.', 'jdk.', 'sun.', 'kotlin.')
PARTS = [('the reply (AgentRuntimeService.reply)', r'AgentRuntimeService\.reply'),
         ('API key and client lookup (TenantDirectory)', r'TenantDirectory'),
         ('active config (AgentConfigService)', r'AgentConfigService'),
         ('lead lookup (LeadService)', r'LeadService'),
         ('conversation and history read', r'ConversationTurns\.opening|ConversationHistory'),
         ('audit + conversation write (recordAnswered)', r'recordAnswered'),
         ('memory recall', r'MemoryRecall\.recall'),
         ('LLM call', r'ChatCompletionsApi|ModelLoop'),
         ('commitment policy', r'PolicyGate\.check'),
         ('rate limit and budget', r'TenantLimits\.admit'),
         ('memory outbox delivery (background)', r'MemoryOutboxWorker'),
         ('Hibernate (anywhere)', r'org\.hibernate'),
         ("okio's AsyncTimeout (OkHttp timeouts)", r'AsyncTimeout')]


def main():
    jfr, recording = sys.argv[1], sys.argv[2]
    printed = subprocess.run([jfr, 'print', '--json', '--events', 'jdk.ExecutionSample', '--stack-depth', '96',
                              recording], capture_output=True, text=True, check=True).stdout
    samples = 0
    libraries = collections.Counter()
    parts = collections.Counter()
    for event in json.loads(printed)['recording']['events']:
        trace = event['values'].get('stackTrace')
        frames = [f['method']['type']['name'].replace('/', '.') + '.' + f['method']['name']
                  for f in (trace['frames'] if trace else [])]
        if not frames:
            continue
        samples += 1
        library = None
        for frame in frames:
            if not frame.startswith(JDK):
                library = next((name for prefix, name in LIBRARIES if frame.startswith(prefix)), 'other')
                break
        libraries[library or 'JDK only'] += 1
        stack = '\n'.join(frames)
        for label, pattern in PARTS:
            if re.search(pattern, stack):
                parts[label] += 1
    print(f'{samples} execution samples\n\nBy library (first non-JDK frame from the top):')
    for name, count in libraries.most_common():
        print(f'{100 * count / samples:6.1f} %  {name}')
    print('\nBy part of a reply (a sample counts for every part on its stack):')
    for label, _ in PARTS:
        print(f'{100 * parts[label] / samples:6.1f} %  {label}')


if __name__ == '__main__':
    main()
