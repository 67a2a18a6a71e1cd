package io.policyhub.query.graphql;

import org.springframework.context.annotation.Configuration;
import org.springframework.context.annotation.Profile;
import org.springframework.web.servlet.config.annotation.ResourceHandlerRegistry;
import org.springframework.web.servlet.config.annotation.ViewControllerRegistry;
import org.springframework.web.servlet.config.annotation.WebMvcConfigurer;

/**
 * The GraphiQL console at {@code /graphiql/}, in the local profile only: a page and the scripts of
 * the npm packages graphiql, react and react-dom, which the build copies into the jar. Nothing is
 * fetched from elsewhere; the page holds no data (its queries carry the user's token).
 */
@Configuration(proxyBeanMethods = false)
@Profile("local")
class GraphiQlConsole implements WebMvcConfigurer {

    @Override
    public void addResourceHandlers(ResourceHandlerRegistry registry) {
        registry.addResourceHandler("/graphiql/**").addResourceLocations("classpath:/graphiql/");
    }

    @Override
    public void addViewControllers(ViewControllerRegistry registry) {
        registry.addRedirectViewController("/graphiql", "/graphiql/");
        registry.addViewController("/graphiql/").setViewName("forward:/graphiql/index.html");
    }
}
