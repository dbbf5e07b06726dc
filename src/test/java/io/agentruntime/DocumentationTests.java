package io.agentruntime;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The repository stands on its own: what the code cites is in it.
 */
class DocumentationTests {

	@Test
	void everyDesignReferenceInTheSourcePointsAtASectionOfDocsDesign() throws IOException {
		Set<String> sections = new TreeSet<>();
		Matcher heading = Pattern.compile("(?m)^## (\\d+)\\. ").matcher(Files.readString(Path.of("docs", "DESIGN.md")));
		while (heading.find()) {
			sections.add(heading.group(1));
		}
		Set<String> cited = new TreeSet<>();
		try (Stream<Path> files = Files.walk(Path.of("src"))) {
			for (Path file : files.filter(path -> path.toString().endsWith(".java")).toList()) {
				Matcher reference = Pattern.compile("DESIGN §(\\d+)").matcher(Files.readString(file));
				while (reference.find()) {
					cited.add(reference.group(1));
				}
			}
		}

		assertThat(cited).isNotEmpty();
		assertThat(sections).containsAll(cited);
	}

	@Test
	void everyContractTheSourceCitesIsInDocsContracts() throws IOException {
		Set<String> cited = new TreeSet<>();
		try (Stream<Path> files = Files.walk(Path.of("src"))) {
			for (Path file : files.filter(path -> path.toString().endsWith(".java")).toList()) {
				Matcher reference = Pattern.compile("contracts/([\\w.-]+\\.(?:md|yaml))")
					.matcher(Files.readString(file));
				while (reference.find()) {
					cited.add(reference.group(1));
				}
			}
		}

		assertThat(cited).isNotEmpty().allSatisfy(name -> assertThat(Path.of("docs", "contracts", name)).exists());
	}

}
