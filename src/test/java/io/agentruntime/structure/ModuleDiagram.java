package io.agentruntime.structure;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;

import org.springframework.modulith.core.ApplicationModule;
import org.springframework.modulith.core.ApplicationModules;

/**
 * A Mermaid flowchart of the application modules and their arrows, generated from the
 * code: one line per module naming every module it uses. Arrows into the shared kernel
 * are left out (nearly every module has one) and the kernel is drawn apart.
 */
final class ModuleDiagram {

	private ModuleDiagram() {
	}

	static String mermaid(ApplicationModules modules) {
		Set<String> shared = new TreeSet<>();
		modules.getSharedModules().forEach((module) -> shared.add(name(module)));
		List<String> lines = new ArrayList<>();
		lines.add("```mermaid");
		lines.add("flowchart LR");
		List<ApplicationModule> features = modules.stream()
			.filter((module) -> !shared.contains(name(module)))
			.sorted((a, b) -> name(a).compareTo(name(b)))
			.toList();
		Set<String> used = new TreeSet<>();
		features.forEach((module) -> used.addAll(targets(module, modules, shared)));
		for (ApplicationModule module : features) {
			List<String> targets = targets(module, modules, shared);
			if (!targets.isEmpty()) {
				lines.add("  " + name(module) + " --> " + String.join(" & ", targets));
			}
			else if (!used.contains(name(module))) {
				lines.add("  " + name(module));
			}
		}
		shared.forEach((kernel) -> lines.add("  " + kernel + "[[\"" + kernel + " (shared kernel)\"]]"));
		lines.add("```");
		return String.join("\n", lines) + "\n";
	}

	private static List<String> targets(ApplicationModule module, ApplicationModules modules, Set<String> shared) {
		Set<String> targets = new TreeSet<>();
		module.getDirectDependencies(modules)
			.uniqueModules()
			.map(ModuleDiagram::name)
			.filter((target) -> !shared.contains(target) && !target.equals(name(module)))
			.forEach(targets::add);
		return List.copyOf(targets);
	}

	private static String name(ApplicationModule module) {
		return module.getIdentifier().toString();
	}

}
