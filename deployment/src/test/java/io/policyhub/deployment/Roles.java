package io.policyhub.deployment;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/** The four roles of the one image and their switches (policyhub.roles.*). */
final class Roles {

    static final List<String> ALL = List.of("command", "projections", "query", "messenger");

    private Roles() {
    }

    static String switchOf(String role) {
        return "POLICYHUB_ROLES_" + role.toUpperCase();
    }

    /**
     * What is wrong with the role switches of a process meant to run {@code role} (null: no role,
     * as the migrations): each switch must be present and "true" exactly for the process's own role.
     */
    static List<String> switchProblems(String role, Map<String, String> env) {
        List<String> problems = new ArrayList<>();
        for (String r : ALL) {
            String value = env.get(switchOf(r));
            String expected = r.equals(role) ? "true" : "false";
            if (!expected.equals(value)) {
                problems.add(switchOf(r) + " is " + value + ", expected " + expected);
            }
        }
        return problems;
    }
}
