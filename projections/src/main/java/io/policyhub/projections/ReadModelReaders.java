package io.policyhub.projections;

import io.policyhub.projections.accounts.AccountBalanceReader;
import io.policyhub.projections.accounts.StatementReader;
import io.policyhub.projections.chats.ChatHistoryReader;
import io.policyhub.projections.chats.ChatMembersReader;
import io.policyhub.projections.chats.RecentMessages;
import io.policyhub.projections.identity.UserReader;
import io.policyhub.projections.insurance.ApplicationReader;
import io.policyhub.projections.orders.OrderReader;
import org.springframework.context.annotation.Configuration;
import org.springframework.context.annotation.Import;

/**
 * The readers of the read models, for every role that reads them: the projections role scans this
 * configuration, the query and messenger roles import it (they run without the projections role);
 * Spring registers each reader once when several are on. Each reader lives next to the projection
 * that writes its tables, so a read model's schema is known in one feature package. The readers
 * carry no stereotype annotation: this list is the only way they become beans.
 */
@Configuration
@Import({AccountBalanceReader.class, StatementReader.class, UserReader.class, OrderReader.class, ApplicationReader.class,
        ChatMembersReader.class, ChatHistoryReader.class, RecentMessages.class})
public class ReadModelReaders {
}
