package io.policyhub.query.activity;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

import io.policyhub.api.activity.PublicActivity;
import io.policyhub.projections.chats.ChatMembersReader;
import io.policyhub.projections.insurance.ApplicationReader;
import org.springframework.stereotype.Component;

/**
 * The public live page's figures, from the read models that have them: policies from the insurance
 * read model, messages per day and new conversations from the chat list. A few index rows and one
 * count per read; nothing that names or identifies anyone.
 */
@Component
class PublicActivityFeed {

    static final int FEED_LENGTH = 20;

    private final ApplicationReader insurance;
    private final ChatMembersReader chats;

    PublicActivityFeed(ApplicationReader insurance, ChatMembersReader chats) {
        this.insurance = insurance;
        this.chats = chats;
    }

    PublicActivity now() {
        List<PublicActivity.Item> feed = new ArrayList<>();
        insurance.latestIssued(FEED_LENGTH).forEach(policy -> feed.add(
                new PublicActivity.Item("policy-issued", "An OSAGO policy was issued by " + policy.insurer(), policy.issuedAt())));
        chats.latestStarts(FEED_LENGTH).forEach(startedAt -> feed.add(
                new PublicActivity.Item("chat-started", "Two customers started a conversation", startedAt)));
        feed.sort(Comparator.comparing(PublicActivity.Item::at).reversed());
        return new PublicActivity(insurance.policiesIssued(), chats.messagesToday(),
                List.copyOf(feed.subList(0, Math.min(FEED_LENGTH, feed.size()))));
    }
}
