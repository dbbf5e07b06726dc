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
		modules.getSharedModules().forEach((module) -> shared.add(module.getName()));
		List<String> lines = new ArrayList<>();
		lines.add("```mermaid");
		lines.add("flowchart LR");
		List<ApplicationModule> features = modules.stream()
			.filter((module) -> !shared.contains(module.getName()))
			.sorted((a, b) -> a.getName().compareTo(b.getName()))
			.toList();
		Set<String> used = new TreeSet<>();
		features.forEach((module) -> used.addAll(targets(module, modules, shared)));
		for (ApplicationModule module : features) {
			List<String> targets = targets(module, modules, shared);
			if (!targets.isEmpty()) {
				lines.add("  " + module.getName() + " --> " + String.join(" & ", targets));
			}
			else if (!used.contains(module.getName())) {
				lines.add("  " + module.getName());
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
			.map(ApplicationModule::getName)
			.filter((name) -> !shared.contains(name) && !name.equals(module.getName()))
			.forEach(targets::add);
		return List.copyOf(targets);
	}

}
