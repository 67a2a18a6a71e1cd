package io.policyhub.app.support;

import org.springframework.test.context.ActiveProfilesResolver;

/** The shared test context's profiles follow {@link TestMode}. */
public final class ModeProfiles implements ActiveProfilesResolver {

    @Override
    public String[] resolve(Class<?> testClass) {
        return TestMode.current().profiles().toArray(String[]::new);
    }
}
