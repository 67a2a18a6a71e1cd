package io.policyhub.query.graphql;

import java.math.BigDecimal;
import java.time.Instant;
import java.time.LocalDate;
import java.time.format.DateTimeParseException;
import java.util.Locale;
import java.util.function.Function;

import graphql.GraphQLContext;
import graphql.execution.CoercedVariables;
import graphql.language.StringValue;
import graphql.language.Value;
import graphql.schema.Coercing;
import graphql.schema.CoercingParseLiteralException;
import graphql.schema.CoercingParseValueException;
import graphql.schema.GraphQLScalarType;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.graphql.execution.RuntimeWiringConfigurer;

/**
 * The schema's three scalars, each a string on the wire: {@code Decimal} (money, plain notation, as
 * in the REST API), {@code DateTime} (an ISO-8601 instant) and {@code Date} (an ISO date). Written
 * here rather than taken from graphql-java-extended-scalars: its release for this graphql-java is
 * not published, and its DateTime does not take {@link Instant}, the type of every time in the API.
 */
@Configuration(proxyBeanMethods = false)
class GraphQlScalars {

    @Bean
    RuntimeWiringConfigurer policyHubScalars() {
        return wiring -> wiring
                .scalar(scalar("Decimal", "A decimal number as a string, e.g. \"1234.50\"", BigDecimal.class,
                        BigDecimal::toPlainString, BigDecimal::new))
                .scalar(scalar("DateTime", "An ISO-8601 instant, e.g. \"2026-11-30T10:15:30Z\"", Instant.class,
                        Instant::toString, Instant::parse))
                .scalar(scalar("Date", "An ISO-8601 date, e.g. \"2027-01-01\"", LocalDate.class,
                        LocalDate::toString, LocalDate::parse));
    }

    private static <T> GraphQLScalarType scalar(String name, String description, Class<T> type, Function<T, String> format,
                                                Function<String, T> parse) {
        return GraphQLScalarType.newScalar().name(name).description(description).coercing(new Coercing<T, String>() {
            @Override
            public String serialize(Object value, GraphQLContext context, Locale locale) {
                return format.apply(type.cast(value));
            }

            @Override
            public T parseValue(Object input, GraphQLContext context, Locale locale) {
                try {
                    return parse.apply((String) input);
                } catch (ClassCastException | DateTimeParseException | NumberFormatException e) {
                    throw new CoercingParseValueException(name + " expects a string such as " + description.substring(description.indexOf('"')));
                }
            }

            @Override
            public T parseLiteral(Value<?> input, CoercedVariables variables, GraphQLContext context, Locale locale) {
                try {
                    return parse.apply(((StringValue) input).getValue());
                } catch (ClassCastException | DateTimeParseException | NumberFormatException e) {
                    throw new CoercingParseLiteralException(name + " expects a string such as " + description.substring(description.indexOf('"')));
                }
            }
        }).build();
    }
}
