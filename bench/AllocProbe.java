import java.lang.management.ManagementFactory;
import java.lang.management.MemoryUsage;

import javax.management.MBeanServerConnection;
import javax.management.ObjectName;
import javax.management.openmbean.CompositeData;
import javax.management.remote.JMXConnector;
import javax.management.remote.JMXConnectorFactory;
import javax.management.remote.JMXServiceURL;

import com.sun.tools.attach.VirtualMachine;

/**
 * Reads a running JVM's allocation counters for bench/alloc-probe.sh (run with the source launcher:
 * {@code java bench/AllocProbe.java PID [gc]}). Attaches, starts the local management agent and prints one line:
 * {@code allocated=<bytes> eden=<bytes> old=<bytes> young_gcs=<n> full_gcs=<n>}.
 * <p>
 * {@code allocated} is {@code com.sun.management.ThreadMXBean#getTotalThreadAllocatedBytes}: the bytes every
 * platform thread allocated, live or ended. A virtual thread allocates in its carrier's TLAB, so its bytes are in
 * its carriers' counts. The eden figure is the cross-check: after a forced GC eden is empty, so with no GC in
 * between, eden used + old-generation growth after N replies is what they allocated (the probe prints both).
 * With {@code gc}, a full GC (MemoryMXBean.gc) runs first, so eden starts empty.
 */
public class AllocProbe {

	public static void main(String[] args) throws Exception {
		VirtualMachine vm = VirtualMachine.attach(args[0]);
		String address;
		try {
			address = vm.startLocalManagementAgent();
		}
		finally {
			vm.detach();
		}
		try (JMXConnector connector = JMXConnectorFactory.connect(new JMXServiceURL(address))) {
			MBeanServerConnection server = connector.getMBeanServerConnection();
			if (args.length > 1 && args[1].equals("gc")) {
				server.invoke(new ObjectName(ManagementFactory.MEMORY_MXBEAN_NAME), "gc", null, null);
			}
			long allocated = (Long) server.getAttribute(new ObjectName(ManagementFactory.THREAD_MXBEAN_NAME),
					"TotalThreadAllocatedBytes");
			long eden = used(server, "G1 Eden Space");
			long old = used(server, "G1 Old Gen");
			long young = collections(server, "G1 Young Generation");
			long full = collections(server, "G1 Old Generation");
			System.out.printf("allocated=%d eden=%d old=%d young_gcs=%d full_gcs=%d%n", allocated, eden, old, young,
					full);
		}
	}

	private static long used(MBeanServerConnection server, String pool) throws Exception {
		ObjectName name = new ObjectName(ManagementFactory.MEMORY_POOL_MXBEAN_DOMAIN_TYPE + ",name=" + pool);
		return MemoryUsage.from((CompositeData) server.getAttribute(name, "Usage")).getUsed();
	}

	private static long collections(MBeanServerConnection server, String collector) throws Exception {
		ObjectName name = new ObjectName(ManagementFactory.GARBAGE_COLLECTOR_MXBEAN_DOMAIN_TYPE + ",name=" + collector);
		return server.isRegistered(name) ? (Long) server.getAttribute(name, "CollectionCount") : 0;
	}

}
