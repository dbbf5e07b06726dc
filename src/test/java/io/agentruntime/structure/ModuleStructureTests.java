package io.agentruntime.structure;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import com.tngtech.archunit.ArchConfiguration;
import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import io.agentruntime.AgentRuntimeApplication;
import org.junit.jupiter.api.Test;
import org.springframework.modulith.core.ApplicationModules;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The module structure of docs/architecture.md holds: no cycles between feature modules,
 * no feature reaching into another's internals or repositories, no table named in SQL
 * outside its owner, and {@code prompt} a leaf without I/O. Plain JUnit: no Spring
 * context, no database.
 */
class ModuleStructureTests {

	static final String ROOT = "io.agentruntime";

	private static final String FIXTURE = "fixture.shop";

	@Test
	void mainCodeKeepsTheModuleStructure() {
		Set<String> violations = new TreeSet<>(mainViolations());

		assertThat(violations).as("structure violations (docs/architecture.md says what each rule wants)").isEmpty();
	}

	@Test
	void everyTableOfTheSchemaHasOneOwningModule() {
		assertThat(StructureRules.TABLE_OWNERS.keySet())
			.containsExactlyInAnyOrderElementsOf(StructureRules.tablesOfTheSchema(Path.of("db", "migration")));
	}

	@Test
	void eachPackageInfoNamesTheTablesItsModuleOwns() throws IOException {
		Pattern code = Pattern.compile("\\{@code (\\w+)}");
		Map<String, Set<String>> documented = new TreeMap<>();
		Map<String, Set<String>> owned = new TreeMap<>();
		try (Stream<Path> modules = Files.list(Path.of("src", "main", "java", "io", "agentruntime"))) {
			for (Path module : modules.filter(Files::isDirectory).toList()) {
				String text = Files.readString(module.resolve("package-info.java"))
					.replaceAll("\\s*\\n\\s*\\*\\s*", " ");
				int owns = text.indexOf("Owns the table");
				Set<String> tables = new TreeSet<>();
				if (owns >= 0) {
					code.matcher(text.substring(owns, text.indexOf('.', owns)))
						.results()
						.forEach((table) -> tables.add(table.group(1)));
				}
				documented.put(module.getFileName().toString(), tables);
				owned.put(module.getFileName().toString(), new TreeSet<>());
			}
		}
		StructureRules.TABLE_OWNERS.forEach((table, module) -> owned.get(module).add(table));

		assertThat(documented).isEqualTo(owned);
	}

	@Test
	void rulesReportACycleAForeignRepositoryAForeignTableAndALeakyPrompt() {
		ApplicationModules fixture = ApplicationModules.of(FIXTURE, (location) -> true);
		JavaClasses classes = new ClassFileImporter().importPackages(FIXTURE);

		assertThat(StructureRules.modulithViolations(fixture)).containsExactly("cycle: lead -> memory -> lead");
		assertThat(StructureRules.violations(StructureRules.noFeatureUsesAnotherFeaturesRepository(FIXTURE), classes))
			.containsExactly("repository: admin.TenantAdmin -> tenant.TenantRepository");
		assertThat(StructureRules.violations(StructureRules.promptIsALeaf(FIXTURE), classes)).containsExactly(
				"prompt leaf: prompt.LeakyPrompt -> java.net.URI", "prompt leaf: prompt.LeakyPrompt -> tenant.Tenant");
		assertThat(
				StructureRules.foreignTableNames(Path.of("src", "test", "java"), FIXTURE, StructureRules.TABLE_OWNERS))
			.containsExactly("table: admin.TenantAdmin -> clients");
	}

	@Test
	void sqlCountsOnlyInStringLiteralsAfterAKeywordOrAsAWholeLiteral() {
		String source = """
				// select * from leads
				/* update memory_outbox */
				String a = "select count(*) from agent_exchange e join leads l on l.id = e.lead_id";
				String b = \"""
				    insert into memory_outbox (id) values (?)
				    \""";
				String c = "the leads from clients";
				char d = '"';
				List<String> tables = List.of("conversation_event", "conversation");
				@Tag(name = "Leads")
				@Table(name = "api_keys")
				""";

		assertThat(SqlTableNames.named(source, StructureRules.TABLE_OWNERS.keySet())).containsExactlyInAnyOrder(
				"api_keys", "agent_exchange", "leads", "memory_outbox", "clients", "conversation_event");
	}

	private static Set<String> mainViolations() {
		ApplicationModules modules = ApplicationModules.of(AgentRuntimeApplication.class);
		JavaClasses classes = MainClasses.get();
		Set<String> found = new TreeSet<>(StructureRules.modulithViolations(modules));
		found.addAll(StructureRules.violations(StructureRules.noFeatureUsesAnotherFeaturesRepository(ROOT), classes));
		found.addAll(StructureRules.violations(StructureRules.promptIsALeaf(ROOT), classes));
		found.addAll(
				StructureRules.foreignTableNames(Path.of("src", "main", "java"), ROOT, StructureRules.TABLE_OWNERS));
		return found;
	}

	/** The application's classes, imported once per test JVM. */
	private static final class MainClasses {

		private static final JavaClasses CLASSES = importWithoutLibraries();

		/**
		 * The rules read only names, direct supertypes and annotations of the targets, so
		 * the libraries' classes need not be imported in full (Modulith's own import does
		 * that).
		 */
		private static JavaClasses importWithoutLibraries() {
			ArchConfiguration configuration = ArchConfiguration.get();
			boolean resolve = configuration.resolveMissingDependenciesFromClassPath();
			configuration.setResolveMissingDependenciesFromClassPath(false);
			try {
				return new ClassFileImporter().withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
					.importPackages(ROOT);
			}
			finally {
				configuration.setResolveMissingDependenciesFromClassPath(resolve);
			}
		}

		static JavaClasses get() {
			return CLASSES;
		}

	}

}
