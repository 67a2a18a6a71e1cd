package io.policyhub.query.graphql;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.function.Function;
import java.util.stream.Collectors;

import io.policyhub.api.accounts.AccountView;
import io.policyhub.api.accounts.FindAccountOfOwner;
import io.policyhub.api.accounts.Statement;
import io.policyhub.api.chats.ChatMessage;
import io.policyhub.api.chats.ChatSummary;
import io.policyhub.api.chats.FindLatestMessages;
import io.policyhub.api.chats.LatestMessages;
import io.policyhub.api.identity.ClientFile;
import io.policyhub.api.identity.DocumentView;
import io.policyhub.api.identity.FindClientFile;
import io.policyhub.api.identity.FindProfile;
import io.policyhub.api.identity.ProfileView;
import io.policyhub.api.identity.RelativeView;
import io.policyhub.api.insurance.ApplicationList;
import io.policyhub.api.insurance.ApplicationView;
import io.policyhub.api.insurance.FindApplications;
import io.policyhub.api.insurance.FindPolicies;
import io.policyhub.api.insurance.PolicyList;
import io.policyhub.api.insurance.PolicyView;
import io.policyhub.api.orders.FindNotifications;
import io.policyhub.api.orders.FindOrdersOfCustomer;
import io.policyhub.api.orders.NotificationList;
import io.policyhub.api.orders.NotificationView;
import io.policyhub.api.orders.OrderList;
import io.policyhub.api.orders.OrderView;
import io.policyhub.platform.web.Caller;
import io.policyhub.platform.web.ProblemException;
import io.policyhub.projections.chats.ChatMembersReader;
import io.policyhub.query.accounts.StatementCursors;
import org.axonframework.messaging.responsetypes.ResponseTypes;
import org.axonframework.queryhandling.QueryGateway;
import org.dataloader.DataLoader;
import org.springframework.graphql.data.method.annotation.Argument;
import org.springframework.graphql.data.method.annotation.QueryMapping;
import org.springframework.graphql.data.method.annotation.SchemaMapping;
import org.springframework.graphql.execution.BatchLoaderRegistry;
import org.springframework.http.HttpStatus;
import org.springframework.security.core.Authentication;
import org.springframework.stereotype.Controller;
import reactor.core.publisher.Mono;

/**
 * The {@code me} graph: the signed-in client and what is theirs, through the same queries (and so
 * the same ownership and read-your-writes rules) as the REST API. Every object below {@code me}
 * belongs to the token's user, so no field can reach another user's data. Children of lists are
 * loaded in batches (data loaders keyed by the owner): an order's letters and a chat's latest
 * messages cost one query however many orders or chats the page holds.
 */
@Controller
class ClientGraph {

    static final int MAX_LIST = 100;

    private final QueryGateway queryGateway;
    private final ChatMembersReader chats;

    ClientGraph(QueryGateway queryGateway, ChatMembersReader chats, BatchLoaderRegistry batchLoaders) {
        this.queryGateway = queryGateway;
        this.chats = chats;
        batchLoaders.forTypePair(OrderKey.class, List.class).withName(OrderKey.LOADER)
                .registerMappedBatchLoader((keys, environment) -> Mono.fromFuture(lettersOf(keys)));
        batchLoaders.forTypePair(ChatKey.class, List.class).withName(ChatKey.LOADER)
                .registerMappedBatchLoader((keys, environment) -> Mono.fromFuture(latestMessagesOf(keys)));
    }

    /** The client the token names; everything else hangs off it. */
    record Client(UUID userId) {
    }

    record OrderKey(UUID ownerId, UUID orderId) {
        static final String LOADER = "orderLetters";
    }

    record ChatKey(UUID memberId, UUID chatId, int limit) {
        static final String LOADER = "chatMessages";
    }

    @QueryMapping
    Client me(Authentication authentication) {
        return new Client(Caller.of(authentication).userId());
    }

    @SchemaMapping
    CompletableFuture<ProfileView> profile(Client client) {
        return queryGateway.query(new FindProfile(client.userId()), ResponseTypes.optionalInstanceOf(ProfileView.class))
                .thenApply(profile -> profile.orElse(null));
    }

    @SchemaMapping
    CompletableFuture<List<DocumentView>> documents(Client client) {
        return fileOf(client).thenApply(ClientFile::documents);
    }

    @SchemaMapping
    CompletableFuture<List<RelativeView>> relatives(Client client) {
        return fileOf(client).thenApply(ClientFile::relatives);
    }

    private CompletableFuture<ClientFile> fileOf(Client client) {
        return queryGateway.query(new FindClientFile(client.userId()), ResponseTypes.optionalInstanceOf(ClientFile.class))
                .thenApply(file -> file.orElse(new ClientFile(List.of(), List.of())));
    }

    @SchemaMapping
    CompletableFuture<AccountView> account(Client client) {
        return queryGateway.query(new FindAccountOfOwner(client.userId()), ResponseTypes.optionalInstanceOf(AccountView.class))
                .thenApply(account -> account.orElse(null));
    }

    @SchemaMapping(typeName = "Account")
    Statement statement(AccountView account, @Argument int limit, @Argument String cursor, @Argument Instant asOf) {
        return StatementCursors.find(queryGateway, account.userId(), asOf, cursor, limit);
    }

    @SchemaMapping(typeName = "Statement")
    String nextCursor(Statement statement) {
        return StatementCursors.of(statement.nextBefore());
    }

    @SchemaMapping
    CompletableFuture<List<OrderView>> orders(Client client, @Argument int limit) {
        int bounded = bounded(limit);
        return queryGateway.query(new FindOrdersOfCustomer(client.userId()), OrderList.class)
                .thenApply(list -> list.orders().stream().limit(bounded).toList());
    }

    @SchemaMapping
    CompletableFuture<List<ApplicationView>> applications(Client client) {
        return queryGateway.query(new FindApplications(client.userId()), ApplicationList.class)
                .thenApply(ApplicationList::applications);
    }

    @SchemaMapping
    CompletableFuture<List<PolicyView>> policies(Client client) {
        return queryGateway.query(new FindPolicies(client.userId()), PolicyList.class).thenApply(PolicyList::policies);
    }

    @SchemaMapping(typeName = "Client", field = "chats")
    List<ChatSummary> chatsOf(Client client, @Argument int limit) {
        return chats.chatsOf(client.userId()).stream().limit(bounded(limit)).toList();
    }

    @SchemaMapping(typeName = "Order")
    CompletableFuture<List<NotificationView>> notifications(OrderView order, Authentication authentication,
                                                           DataLoader<OrderKey, List<NotificationView>> orderLetters) {
        return orderLetters.load(new OrderKey(Caller.of(authentication).userId(), order.orderId()));
    }

    @SchemaMapping(typeName = "Chat")
    CompletableFuture<List<ChatMessage>> latestMessages(ChatSummary chat, @Argument int limit, Authentication authentication,
                                                        DataLoader<ChatKey, List<ChatMessage>> chatMessages) {
        return chatMessages.load(new ChatKey(Caller.of(authentication).userId(), chat.chatId(), bounded(limit)));
    }

    /** One query for the letters of every order asked for: the owner's letters, grouped by order. */
    private CompletableFuture<Map<OrderKey, List>> lettersOf(Set<OrderKey> keys) {
        Map<UUID, Set<OrderKey>> byOwner = keys.stream().collect(Collectors.groupingBy(OrderKey::ownerId, Collectors.toSet()));
        List<CompletableFuture<Map<OrderKey, List>>> owners = byOwner.entrySet().stream().map(owner ->
                queryGateway.query(new FindNotifications(owner.getKey()), NotificationList.class).thenApply(letters -> {
                    Map<UUID, List<NotificationView>> byOrder = letters.notifications().stream()
                            .collect(Collectors.groupingBy(NotificationView::orderId));
                    return owner.getValue().stream().collect(Collectors.<OrderKey, OrderKey, List>toMap(Function.identity(),
                            key -> byOrder.getOrDefault(key.orderId(), List.of())));
                })).toList();
        return merged(owners);
    }

    /** One query for the newest messages of every chat asked for, per member and page size. */
    private CompletableFuture<Map<ChatKey, List>> latestMessagesOf(Set<ChatKey> keys) {
        Map<List<Object>, List<ChatKey>> groups = keys.stream()
                .collect(Collectors.groupingBy(key -> List.of(key.memberId(), key.limit())));
        List<CompletableFuture<Map<ChatKey, List>>> queries = groups.values().stream().map(group -> {
            ChatKey first = group.get(0);
            return queryGateway.query(new FindLatestMessages(first.memberId(), group.stream().map(ChatKey::chatId).toList(),
                    first.limit()), LatestMessages.class).thenApply(latest -> {
                Map<UUID, List<ChatMessage>> byChat = latest.chats().stream()
                        .collect(Collectors.toMap(LatestMessages.OfChat::chatId, LatestMessages.OfChat::messages));
                return group.stream().collect(Collectors.<ChatKey, ChatKey, List>toMap(Function.identity(),
                        key -> byChat.getOrDefault(key.chatId(), List.of())));
            });
        }).toList();
        return merged(queries);
    }

    private static <K> CompletableFuture<Map<K, List>> merged(List<CompletableFuture<Map<K, List>>> parts) {
        return CompletableFuture.allOf(parts.toArray(CompletableFuture[]::new)).thenApply(done -> parts.stream()
                .flatMap(part -> part.join().entrySet().stream())
                .collect(Collectors.toMap(Map.Entry::getKey, Map.Entry::getValue)));
    }

    private static int bounded(int limit) {
        if (limit < 1 || limit > MAX_LIST) {
            throw new ProblemException(HttpStatus.BAD_REQUEST, "invalid-limit", "limit must be between 1 and " + MAX_LIST);
        }
        return limit;
    }
}
