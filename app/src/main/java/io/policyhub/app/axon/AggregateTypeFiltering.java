package io.policyhub.app.axon;

import org.axonframework.spring.config.SpringAggregateConfigurer;
import org.axonframework.spring.stereotype.Aggregate;
import org.springframework.beans.factory.config.BeanDefinition;
import org.springframework.beans.factory.config.BeanFactoryPostProcessor;
import org.springframework.beans.factory.config.ConfigurableListableBeanFactory;
import org.springframework.beans.factory.config.ConstructorArgumentValues;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.annotation.AnnotatedElementUtils;

/**
 * Honours {@code @Aggregate(filterEventsByType = true)}: Axon 4.13's Spring aggregate lookup copies
 * the annotation's other attributes onto each aggregate's configurer but not this one, so without
 * this a command addressed to another aggregate's id (an order id that is a user's) would source the
 * wrong events instead of finding no aggregate (404).
 */
@Configuration
class AggregateTypeFiltering {

    @Bean
    static BeanFactoryPostProcessor filterAggregateStreamsByType() {
        return beanFactory -> configurers(beanFactory);
    }

    private static void configurers(ConfigurableListableBeanFactory beanFactory) {
        for (String name : beanFactory.getBeanNamesForType(SpringAggregateConfigurer.class, true, false)) {
            BeanDefinition definition = beanFactory.getBeanDefinition(name);
            ConstructorArgumentValues.ValueHolder type = definition.getConstructorArgumentValues().getIndexedArgumentValue(0, Class.class);
            if (type != null && type.getValue() instanceof Class<?> aggregate) {
                Aggregate annotation = AnnotatedElementUtils.findMergedAnnotation(aggregate, Aggregate.class);
                if (annotation != null && annotation.filterEventsByType()) {
                    definition.getPropertyValues().add("filterEventsByType", true);
                }
            }
        }
    }
}
