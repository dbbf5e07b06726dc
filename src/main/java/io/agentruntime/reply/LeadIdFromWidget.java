package io.agentruntime.reply;

import java.util.List;
import java.util.Map;

import io.agentruntime.web.ApiProblem;

import org.springframework.http.HttpStatus;

/**
 * A widget credential named a {@code leadId}: a browser could name anyone's, so a lead is
 * bound only by a JWT the dealership's backend signs (DESIGN §2, docs/widget.md).
 */
class LeadIdFromWidget extends ApiProblem {

	LeadIdFromWidget() {
		super(HttpStatus.BAD_REQUEST, "validation", "Invalid request", "The request has invalid fields.",
				List.of(Map.of("field", "leadId", "message",
						"must not be sent with a widget credential; the lead comes from the lead_id claim of a "
								+ "token your backend signs")));
	}

}
