package io.agentruntime.conversation;

import io.agentruntime.audit.DailyPartitionedTable;

import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * Conversation events are partitioned by day and follow the audit retention (DESIGN §11,
 * §15); audit's partition maintenance keeps their days.
 */
@Configuration(proxyBeanMethods = false)
class ConversationPartitions {

	@Bean
	DailyPartitionedTable conversationEventPartitions() {
		return new DailyPartitionedTable("conversation_event");
	}

}
