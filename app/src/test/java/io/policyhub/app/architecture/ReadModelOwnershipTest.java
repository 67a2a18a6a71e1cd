package io.policyhub.app.architecture;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;

/**
 * One home per read model: every table the read-model migrations create is named in SQL by the
 * classes of exactly one feature package of the projections module (its projection and its reader),
 * and by no other source file of any module.
 */
class ReadModelOwnershipTest {

    private static final Path ROOT = Path.of("..").toAbsolutePath().normalize();
    private static final Path MIGRATIONS = ROOT.resolve("projections/src/main/resources/db/migration/readmodel");
    private static final Pattern CREATE_TABLE = Pattern.compile("(?i)create\\s+table\\s+(?:if\\s+not\\s+exists\\s+)?(\\w+)");
    private static final Pattern DROP_TABLE = Pattern.compile("(?i)drop\\s+table\\s+(?:if\\s+exists\\s+)?(\\w+)");

    @Test
    void everyReadModelTableIsUsedByOneFeaturePackageOnly() throws IOException {
        Set<String> tables = readModelTables();
        assertThat(tables).contains("account_balance", "users", "orders", "notifications", "chat_members",
                "insurance_applications");
        List<Path> sources = javaSources();
        Map<String, Set<String>> packagesByTable = new TreeMap<>();
        for (String table : tables) {
            Pattern usedInSql = Pattern.compile("(?i)\\b(from|into|update|join|truncate|table)\\s+" + table + "\\b");
            Set<String> packages = new TreeSet<>();
            for (Path source : sources) {
                if (usedInSql.matcher(Files.readString(source)).find()) {
                    packages.add(ROOT.relativize(source.getParent()).toString());
                }
            }
            packagesByTable.put(table, packages);
        }
        packagesByTable.forEach((table, packages) -> assertThat(packages)
                .as("the packages whose SQL names table %s", table)
                .hasSize(1)
                .allSatisfy(owner -> assertThat(owner).startsWith("projections/src/main/java/io/policyhub/projections/")));
    }

    /** The tables the migrations create and no later one drops. */
    private static Set<String> readModelTables() throws IOException {
        Set<String> tables = new TreeSet<>();
        Set<String> dropped = new TreeSet<>();
        try (Stream<Path> scripts = Files.list(MIGRATIONS)) {
            for (Path script : scripts.toList()) {
                String sql = Files.readString(script);
                Matcher created = CREATE_TABLE.matcher(sql);
                while (created.find()) {
                    tables.add(created.group(1).toLowerCase());
                }
                Matcher drops = DROP_TABLE.matcher(sql);
                while (drops.find()) {
                    dropped.add(drops.group(1).toLowerCase());
                }
            }
        }
        tables.removeAll(dropped);
        return tables;
    }

    private static List<Path> javaSources() throws IOException {
        try (Stream<Path> files = Files.walk(ROOT, 12)) {
            return files.filter(path -> path.toString().endsWith(".java"))
                    .filter(path -> path.toString().contains("/src/main/java/"))
                    .filter(path -> !path.startsWith(ROOT.resolve("node_modules")))
                    .toList();
        }
    }
}
