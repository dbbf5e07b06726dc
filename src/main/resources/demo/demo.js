/*
 * The demo chat page: talks to POST /api/agent/reply the way a dealership frontend would.
 * Plain browser JavaScript, no build step. Everything the server sends is shown with textContent,
 * never as HTML.
 */
(function () {
	'use strict';

	const REPLY_URL = '../api/agent/reply';
	const CONFIG_URL = 'config.json';

	/** Plain-language text for the degradedReasons the API can send (DESIGN §3). */
	const DEGRADED_REASONS = {
		memory_unavailable: 'earlier conversations could not be recalled',
		llm_unavailable: 'the assistant was unavailable, so a standard reply was sent',
		llm_invalid_output: 'the assistant\'s answer could not be used, so a standard reply was sent',
		policy_blocked: 'the assistant\'s answer broke the dealership\'s policy, so a standard reply was sent'
	};

	const elements = {
		name: document.getElementById('dealership-name'),
		avatar: document.getElementById('avatar'),
		apiKey: document.getElementById('api-key'),
		leadId: document.getElementById('lead-id'),
		messages: document.getElementById('messages'),
		quickReplies: document.getElementById('quick-replies'),
		error: document.getElementById('error'),
		composer: document.getElementById('composer'),
		message: document.getElementById('message'),
		send: document.getElementById('send')
	};

	// One conversation per page load, so the service can use the history of this chat.
	const conversationId = 'demo-' + newId();
	// A widget key (apk_) names no conversation of its own: the service starts one and returns its
	// id with a token that every later message of it must send (DESIGN §2, docs/widget.md).
	let widgetConversation = null;
	let busy = false;

	function newId() {
		if (window.crypto && typeof window.crypto.randomUUID === 'function') {
			return window.crypto.randomUUID();
		}
		const bytes = new Uint8Array(16);
		window.crypto.getRandomValues(bytes);
		return Array.from(bytes, (b) => b.toString(16).padStart(2, '0')).join('');
	}

	function initials(name) {
		const words = name.trim().split(/\s+/).filter(Boolean);
		return words.slice(0, 2).map((w) => w[0].toUpperCase()).join('') || '?';
	}

	function showDealership(name) {
		elements.name.textContent = name;
		elements.avatar.textContent = initials(name);
		document.title = name + ' · Chat demo';
	}

	async function loadSettings() {
		try {
			const response = await fetch(CONFIG_URL, { headers: { Accept: 'application/json' } });
			if (response.ok) {
				const settings = await response.json();
				if (settings.dealershipName) {
					showDealership(settings.dealershipName);
				}
				if (settings.apiKey && !elements.apiKey.value) {
					elements.apiKey.value = settings.apiKey;
				}
			}
		}
		catch (ignored) {
			// The page still works without its settings: the person types the key.
		}
		addMessage('agent', 'Hi! Ask me about our cars, a test drive or financing.', { welcome: true });
	}

	/** Appends a message to the conversation; the list is aria-live, so screen readers announce it. */
	function addMessage(role, text, options) {
		const opts = options || {};
		const item = document.createElement('li');
		item.className = 'message ' + role + (opts.welcome ? ' welcome' : '');
		const who = document.createElement('span');
		who.className = 'visually-hidden';
		who.textContent = role === 'lead' ? 'You said: ' : elements.name.textContent + ' replied: ';
		const bubble = document.createElement('div');
		bubble.className = 'bubble';
		bubble.appendChild(who);
		bubble.appendChild(document.createTextNode(text));
		item.appendChild(bubble);
		if (opts.degradedReasons) {
			item.appendChild(degradedNote(opts.degradedReasons));
			item.dataset.degraded = 'true';
		}
		elements.messages.appendChild(item);
		scrollToEnd();
		return item;
	}

	function degradedNote(reasons) {
		const note = document.createElement('p');
		note.className = 'degraded-note';
		const known = reasons.map((r) => DEGRADED_REASONS[r]).filter(Boolean);
		note.textContent = 'Limited reply' + (known.length ? ': ' + known.join('; ') : '');
		return note;
	}

	function showTyping() {
		const item = document.createElement('li');
		item.className = 'message agent typing';
		item.setAttribute('aria-label', elements.name.textContent + ' is typing');
		const bubble = document.createElement('div');
		bubble.className = 'bubble';
		for (let i = 0; i < 3; i++) {
			const dot = document.createElement('span');
			dot.className = 'dot';
			bubble.appendChild(dot);
		}
		item.appendChild(bubble);
		elements.messages.appendChild(item);
		scrollToEnd();
		return item;
	}

	function scrollToEnd() {
		elements.messages.scrollTop = elements.messages.scrollHeight;
	}

	function showQuickReplies(replies) {
		elements.quickReplies.replaceChildren();
		(replies || []).forEach((text) => {
			const button = document.createElement('button');
			button.type = 'button';
			button.textContent = text;
			button.addEventListener('click', () => send(text));
			elements.quickReplies.appendChild(button);
		});
		elements.quickReplies.hidden = elements.quickReplies.childElementCount === 0;
	}

	function showError(title, detail, details) {
		elements.error.replaceChildren();
		const heading = document.createElement('strong');
		heading.textContent = title;
		elements.error.appendChild(heading);
		if (detail) {
			elements.error.appendChild(document.createTextNode(detail));
		}
		(details || []).forEach((line) => {
			const extra = document.createElement('div');
			extra.textContent = line;
			elements.error.appendChild(extra);
		});
		elements.error.hidden = false;
	}

	function clearError() {
		elements.error.hidden = true;
		elements.error.replaceChildren();
		elements.apiKey.removeAttribute('aria-invalid');
	}

	function setBusy(value) {
		busy = value;
		elements.send.disabled = value;
		elements.quickReplies.querySelectorAll('button').forEach((b) => { b.disabled = value; });
		elements.messages.setAttribute('aria-busy', String(value));
	}

	/** Reads an RFC 9457 problem (or anything else) into text a person can act on. */
	async function problemOf(response) {
		let problem = {};
		try {
			problem = await response.json();
		}
		catch (ignored) {
			// Not JSON (a proxy page, for instance): fall back to the status line below.
		}
		const title = problem.title || 'Request failed (HTTP ' + response.status + ')';
		const detail = problem.detail || '';
		const errors = Array.isArray(problem.errors)
			? problem.errors.map((e) => (e.field ? e.field + ': ' : '') + e.message)
			: [];
		return { status: response.status, title: title, detail: detail, errors: errors };
	}

	async function send(text) {
		const message = (text || '').trim();
		if (busy) {
			return;
		}
		if (!message) {
			showError('Nothing to send', 'Type a message first.');
			elements.message.focus();
			return;
		}
		const apiKey = elements.apiKey.value.trim();
		if (!apiKey) {
			showError('API key needed', 'Enter a widget key (apk_…) or a tenant key with the agent:reply scope.');
			elements.apiKey.setAttribute('aria-invalid', 'true');
			elements.apiKey.focus();
			return;
		}
		clearError();
		showQuickReplies([]);
		addMessage('lead', message);
		elements.message.value = '';
		elements.message.focus();
		setBusy(true);
		const typing = showTyping();
		const body = { message: message };
		const headers = {
			'Authorization': 'Bearer ' + apiKey,
			'Content-Type': 'application/json',
			'Accept': 'application/json, application/problem+json'
		};
		if (widgetConversation) {
			body.conversationId = widgetConversation.id;
			headers['X-Conversation-Token'] = widgetConversation.token;
		}
		else if (!apiKey.startsWith('apk_')) {
			body.conversationId = conversationId;
		}
		if (elements.leadId.value.trim()) {
			body.leadId = elements.leadId.value.trim();
		}
		try {
			const response = await fetch(REPLY_URL, {
				method: 'POST',
				headers: headers,
				body: JSON.stringify(body)
			});
			typing.remove();
			if (!response.ok) {
				const problem = await problemOf(response);
				showError(problem.title, problem.detail, problem.errors);
				if (problem.status === 401 || problem.status === 403) {
					elements.apiKey.setAttribute('aria-invalid', 'true');
					elements.apiKey.focus();
				}
				return;
			}
			const answer = await response.json();
			if (answer.conversationToken) {
				widgetConversation = { id: answer.conversationId, token: answer.conversationToken };
			}
			addMessage('agent', answer.reply, { degradedReasons: answer.degraded ? (answer.degradedReasons || []) : null });
			showQuickReplies(answer.quickReplies);
		}
		catch (networkError) {
			typing.remove();
			showError('Could not reach the service', 'Check that it is running and try again.');
		}
		finally {
			setBusy(false);
			if (document.activeElement === document.body || document.activeElement === null) {
				elements.message.focus();
			}
		}
	}

	elements.composer.addEventListener('submit', (event) => {
		event.preventDefault();
		send(elements.message.value);
	});
	// Enter in the settings fields moves on to the message instead of submitting nothing.
	document.getElementById('settings').addEventListener('submit', (event) => {
		event.preventDefault();
		elements.message.focus();
	});
	elements.apiKey.addEventListener('input', () => elements.apiKey.removeAttribute('aria-invalid'));

	loadSettings();
}());
