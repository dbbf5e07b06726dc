package io.agentruntime.structure;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import com.tngtech.archunit.core.domain.Dependency;
import com.tngtech.archunit.core.domain.JavaClass;
import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.lang.ArchCondition;
import com.tngtech.archunit.lang.ArchRule;
import com.tngtech.archunit.lang.ConditionEvents;
import com.tngtech.archunit.lang.SimpleConditionEvent;
import org.springframework.modulith.core.ApplicationModules;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.classes;

/**
 * The house rules of the module structure (docs/architecture.md), each a function of the
 * root package so that the same rule runs on the application and on the fixture that
 * proves it bites. Every rule answers with one line per violation,
 * {@code "<rule>: <from> -> <to>"} with names relative to the root, which is also the
 * form of the list of known violations.
 */
final class StructureRules {

	/**
	 * The one module whose main sources may name each table in SQL. Every other module
	 * goes through the owner's API.
	 */
	static final Map<String, String> TABLE_OWNERS = Map.ofEntries(Map.entry("agent_exchange", "audit"),
			Map.entry("memory_outbox", "memory"), Map.entry("memory_documents", "memory"),
			Map.entry("memory_dealership_scope", "memory"), Map.entry("leads", "lead"),
			Map.entry("conversation", "conversation"), Map.entry("conversation_event", "conversation"),
			Map.entry("clients", "tenant"), Map.entry("api_keys", "tenant"), Map.entry("service_secret", "tenant"),
			Map.entry("tenant_change", "tenant"), Map.entry("ai_agent_config", "agentconfig"),
			Map.entry("tenant_daily_tokens", "limits"), Map.entry("rate_limit_bucket", "limits"));

	/** What a leaf that builds text must not touch: anything that does I/O. */
	private static final List<String> IO_PACKAGES = List.of("java.net", "java.nio.file", "java.sql", "javax.sql",
			"jakarta.persistence", "okhttp3", "org.springframework.jdbc", "org.springframework.data",
			"org.springframework.web", "org.springframework.http", "org.springframework.transaction");

	private static final Pattern CYCLE = Pattern.compile("Slice (\\S+)");

	private StructureRules() {
	}

	/**
	 * Spring Modulith's verification: no cycle between modules, no access to another
	 * module's internals. A cycle reads {@code "cycle: a -> b -> a"}; anything else by
	 * its first line.
	 */
	static Set<String> modulithViolations(ApplicationModules modules) {
		Set<String> found = new TreeSet<>();
		for (String message : modules.detectViolations().getMessages()) {
			if (message.startsWith("Cycle detected:")) {
				int details = message.indexOf("1. Dependencies");
				String path = (details < 0) ? message : message.substring(0, details);
				List<String> slices = CYCLE.matcher(path).results().map((slice) -> slice.group(1)).toList();
				found.add("cycle: " + String.join(" -> ", slices));
			}
			else {
				found.add("modulith: " + message.lines().findFirst().orElse(message).strip());
			}
		}
		return found;
	}

	/**
	 * A feature does not use another feature's repository: a Spring Data repository, a
	 * type annotated {@code @Repository}, or a store named so ({@code *Repository},
	 * {@code *Store}).
	 */
	static ArchRule noFeatureUsesAnotherFeaturesRepository(String root) {
		return classes().that()
			.resideInAPackage(root + "..")
			.should(new ArchCondition<>("use no other feature's repository or store") {
				@Override
				public void check(JavaClass source, ConditionEvents events) {
					String module = module(root, source);
					targets(source).stream()
						.filter((target) -> !module.isEmpty() && !module(root, target).isEmpty()
								&& !module(root, target).equals(module) && isRepository(target))
						.forEach((target) -> events.add(SimpleConditionEvent.violated(source,
								"repository: " + relative(root, source) + " -> " + relative(root, target))));
				}
			})
			.allowEmptyShould(true);
	}

	/**
	 * {@code prompt} is a leaf that turns values into text: it depends on no other
	 * package of the application and on nothing that does I/O.
	 */
	static ArchRule promptIsALeaf(String root) {
		String prompt = root + ".prompt";
		return classes().that()
			.resideInAPackage(prompt + "..")
			.should(new ArchCondition<>("depend on no other application package and on no I/O") {
				@Override
				public void check(JavaClass source, ConditionEvents events) {
					targets(source).stream()
						.filter((target) -> forbiddenForALeaf(root, prompt, target.getPackageName()))
						.forEach((target) -> events.add(SimpleConditionEvent.violated(source,
								"prompt leaf: " + relative(root, source) + " -> " + relative(root, target))));
				}
			})
			.allowEmptyShould(true);
	}

	/** Runs an ArchUnit rule and answers its violations, one line each. */
	static Set<String> violations(ArchRule rule, JavaClasses classes) {
		return new TreeSet<>(rule.evaluate(classes).getFailureReport().getDetails());
	}

	/**
	 * Reads the sources under {@code sourceRoot} and answers every place where a module
	 * names in SQL a table that another module owns, as
	 * {@code "table: module.Type -> table"}.
	 */
	static Set<String> foreignTableNames(Path sourceRoot, String root, Map<String, String> owners) {
		Path base = sourceRoot.resolve(root.replace('.', '/'));
		Set<String> found = new TreeSet<>();
		try (Stream<Path> files = Files.walk(base)) {
			for (Path file : files.filter((path) -> path.toString().endsWith(".java")).toList()) {
				Path relative = base.relativize(file);
				String module = (relative.getNameCount() > 1) ? relative.getName(0).toString() : "";
				String type = relative.toString().replace(".java", "").replace('/', '.');
				for (String table : SqlTableNames.named(Files.readString(file), owners.keySet())) {
					if (!owners.get(table).equals(module)) {
						found.add("table: " + type + " -> " + table);
					}
				}
			}
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
		return found;
	}

	/** The tables the Flyway migrations create, partitions left out. */
	static Set<String> tablesOfTheSchema(Path migrations) {
		Pattern create = Pattern
			.compile("(?i)create\\s+(?:unlogged\\s+)?table\\s+(?:if\\s+not\\s+exists\\s+)?(\\w+)([^;]*)");
		Set<String> tables = new TreeSet<>();
		try (Stream<Path> files = Files.list(migrations)) {
			for (Path file : files.filter((path) -> path.toString().endsWith(".sql")).toList()) {
				Matcher table = create.matcher(Files.readString(file));
				while (table.find()) {
					if (!table.group(2).strip().toLowerCase().startsWith("partition of")) {
						tables.add(table.group(1).toLowerCase());
					}
				}
			}
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
		return tables;
	}

	private static boolean forbiddenForALeaf(String root, String leaf, String targetPackage) {
		if (targetPackage.equals(leaf) || targetPackage.startsWith(leaf + ".")) {
			return false;
		}
		if (targetPackage.equals(root) || targetPackage.startsWith(root + ".")) {
			return true;
		}
		return IO_PACKAGES.stream().anyMatch((io) -> targetPackage.equals(io) || targetPackage.startsWith(io + "."));
	}

	private static boolean isRepository(JavaClass type) {
		String name = type.getSimpleName();
		return name.endsWith("Repository") || name.endsWith("Store")
				|| type.isAssignableTo("org.springframework.data.repository.Repository")
				|| type.isAnnotatedWith("org.springframework.stereotype.Repository");
	}

	/**
	 * The distinct top-level types a class uses (nested types stand for their enclosing
	 * type).
	 */
	private static Set<JavaClass> targets(JavaClass source) {
		Set<JavaClass> targets = new java.util.LinkedHashSet<>();
		for (Dependency dependency : source.getDirectDependenciesFromSelf()) {
			JavaClass target = dependency.getTargetClass().getBaseComponentType();
			while (target.getEnclosingClass().isPresent()) {
				target = target.getEnclosingClass().get();
			}
			targets.add(target);
		}
		return targets;
	}

	/**
	 * The module of a type: the first package segment below the root, empty for the root
	 * itself.
	 */
	static String module(String root, JavaClass type) {
		String name = type.getPackageName();
		if (!name.startsWith(root + ".")) {
			return "";
		}
		String rest = name.substring(root.length() + 1);
		int dot = rest.indexOf('.');
		return (dot < 0) ? rest : rest.substring(0, dot);
	}

	private static String relative(String root, JavaClass type) {
		JavaClass top = type;
		while (top.getEnclosingClass().isPresent()) {
			top = top.getEnclosingClass().get();
		}
		String name = top.getName();
		return name.startsWith(root + ".") ? name.substring(root.length() + 1) : name;
	}

}
