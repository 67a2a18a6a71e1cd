package io.policyhub.platform.web;

import java.util.List;

import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.context.annotation.Configuration;
import org.springframework.web.method.support.HandlerMethodArgumentResolver;
import org.springframework.web.servlet.config.annotation.WebMvcConfigurer;

/** Registers how controllers learn who calls them. */
@Configuration
@ConditionalOnProperty(name = "policyhub.auth.dev-user-header", havingValue = "true")
class CallerConfiguration implements WebMvcConfigurer {

    @Override
    public void addArgumentResolvers(List<HandlerMethodArgumentResolver> resolvers) {
        resolvers.add(new DevUserHeaderResolver());
    }
}
