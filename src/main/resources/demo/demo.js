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
		send: document.getElementById('send'),
		lengthNote: document.getElementById('length-note'),
		newChat: document.getElementById('new-chat')
	};

	/** The longest message the API takes (DESIGN §3): longer text is refused with a note, never cut. */
	const MAX_MESSAGE = 4000;
	const STORAGE_KEY = 'agent-runtime-demo-chat';

	/*
	 * The conversation survives a reload of this tab (sessionStorage): its id, whatever the service
	 * returned to continue it, and what was said. "New chat" starts another.
	 */
	let chat = restoreChat() || newChat();
	/** Messages typed while a reply is pending wait here and are sent in order. */
	const queue = [];
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
		render();
	}

	function newChat() {
		return { conversationId: 'demo-' + newId(), conversationToken: null, messages: [], quickReplies: [] };
	}

	function restoreChat() {
		try {
			const saved = JSON.parse(window.sessionStorage.getItem(STORAGE_KEY));
			return saved && saved.conversationId && Array.isArray(saved.messages) ? saved : null;
		}
		catch (ignored) {
			return null;
		}
	}

	function saveChat() {
		try {
			window.sessionStorage.setItem(STORAGE_KEY, JSON.stringify(chat));
		}
		catch (ignored) {
			// Storage full or disabled: the chat still works, it just does not survive a reload.
		}
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

	/** A lead message's state: waiting in the queue, sent, or not sent with a retry button. */
	function markLead(item, state, retry) {
		item.dataset.state = state;
		const old = item.querySelector('.send-state');
		if (old) {
			old.remove();
		}
		if (state !== 'queued' && state !== 'failed') {
			return;
		}
		const note = document.createElement('p');
		note.className = 'send-state';
		note.textContent = state === 'queued' ? 'Waiting to send…' : 'Not sent. ';
		if (state === 'failed') {
			const button = document.createElement('button');
			button.type = 'button';
			button.className = 'retry';
			button.textContent = 'Retry';
			button.addEventListener('click', retry);
			note.appendChild(button);
		}
		item.appendChild(note);
		scrollToEnd();
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
		// The row takes height from the message list: keep the newest reply in view.
		scrollToEnd();
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
		scrollToEnd();
	}

	function clearError() {
		elements.error.hidden = true;
		elements.error.replaceChildren();
		elements.apiKey.removeAttribute('aria-invalid');
	}

	function setBusy(value) {
		busy = value;
		// Send stays enabled while a reply is pending: what is typed meanwhile is queued, not lost.
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

	/** Takes a message from the composer or a quick reply: shown at once, sent when its turn comes. */
	function send(text) {
		const message = (text || '').trim();
		if (!message) {
			showError('Nothing to send', 'Type a message first.');
			elements.message.focus();
			return;
		}
		if (message.length > MAX_MESSAGE) {
			showError('Message too long', 'It has ' + message.length.toLocaleString('en') + ' characters; the limit is '
				+ MAX_MESSAGE.toLocaleString('en') + '. Shorten it to send it: nothing is cut.');
			elements.message.focus();
			return;
		}
		if (!elements.apiKey.value.trim()) {
			showError('API key needed', 'Enter a widget key (apk_…) or a tenant key with the agent:reply scope.');
			elements.apiKey.setAttribute('aria-invalid', 'true');
			elements.apiKey.focus();
			return;
		}
		clearError();
		showQuickReplies([]);
		const item = addMessage('lead', message);
		elements.message.value = '';
		updateLengthNote();
		elements.message.focus();
		enqueue(item, message);
	}

	function enqueue(item, message) {
		queue.push({ item: item, message: message });
		markLead(item, busy ? 'queued' : 'sending');
		pump();
	}

	/** Sends the queued messages one after the other, so each reply sees the one before it. */
	async function pump() {
		if (busy) {
			return;
		}
		const next = queue.shift();
		if (!next) {
			return;
		}
		setBusy(true);
		markLead(next.item, 'sending');
		const typing = showTyping();
		let ok = false;
		try {
			ok = await exchange(next.message);
		}
		finally {
			typing.remove();
			setBusy(false);
		}
		if (ok) {
			markLead(next.item, 'sent');
		}
		else {
			markLead(next.item, 'failed', () => {
				clearError();
				enqueue(next.item, next.message);
			});
		}
		saveChat();
		if (document.activeElement === document.body || document.activeElement === null) {
			elements.message.focus();
		}
		pump();
	}

	/** One reply: shows it (or the problem) and answers whether the message went through. */
	async function exchange(message) {
		// A reply that arrives after "New chat" belongs to the old conversation: not shown in the new one.
		const started = chat;
		const apiKey = elements.apiKey.value.trim();
		const body = { message: message };
		// A widget key (apk_) names no conversation of its own: the service starts one and returns its id
		// with a token that every later message of it must send (DESIGN §2, docs/widget.md).
		if (chat.conversationToken || !apiKey.startsWith('apk_')) {
			body.conversationId = chat.conversationId;
		}
		if (elements.leadId.value.trim()) {
			body.leadId = elements.leadId.value.trim();
		}
		try {
			const response = await postReply(apiKey, body);
			if (!response.ok) {
				const problem = await problemOf(response);
				showError(problem.title, problem.detail, problem.errors);
				if (problem.status === 401 || problem.status === 403) {
					elements.apiKey.setAttribute('aria-invalid', 'true');
					elements.apiKey.focus();
				}
				return false;
			}
			const answer = await response.json();
			if (started !== chat) {
				return true;
			}
			const degradedReasons = answer.degraded ? (answer.degradedReasons || []) : null;
			chat.messages.push({ role: 'lead', text: message });
			chat.messages.push({ role: 'agent', text: answer.reply, degradedReasons: degradedReasons });
			chat.quickReplies = answer.quickReplies || [];
			// Whatever the service returns to continue this conversation is kept for the next call.
			chat.conversationId = answer.conversationId || chat.conversationId;
			chat.conversationToken = answer.conversationToken || chat.conversationToken;
			addMessage('agent', answer.reply, { degradedReasons: degradedReasons });
			showQuickReplies(answer.quickReplies);
			return true;
		}
		catch (networkError) {
			showError('Could not reach the service', 'Check that it is running, then retry the message.');
			return false;
		}
	}

	/** The one call to the service: everything a frontend sends with a reply request. */
	function postReply(apiKey, body) {
		const headers = {
			'Authorization': 'Bearer ' + apiKey,
			'Content-Type': 'application/json',
			'Accept': 'application/json, application/problem+json'
		};
		if (chat.conversationToken) {
			headers['X-Conversation-Token'] = chat.conversationToken;
		}
		return fetch(REPLY_URL, { method: 'POST', headers: headers, body: JSON.stringify(body) });
	}

	function updateLengthNote() {
		const length = elements.message.value.length;
		elements.lengthNote.hidden = length <= MAX_MESSAGE;
		elements.lengthNote.textContent = length > MAX_MESSAGE
			? length.toLocaleString('en') + ' of ' + MAX_MESSAGE.toLocaleString('en') + ' characters: too long to send.'
			: '';
	}

	/** Shows a stored conversation again after a reload. */
	function render() {
		elements.messages.replaceChildren();
		addMessage('agent', 'Hi! Ask me about our cars, a test drive or financing.', { welcome: true });
		chat.messages.forEach((m) => addMessage(m.role, m.text, { degradedReasons: m.degradedReasons }));
		showQuickReplies(chat.quickReplies);
	}

	function startNewChat() {
		queue.length = 0;
		chat = newChat();
		saveChat();
		clearError();
		render();
		elements.message.value = '';
		updateLengthNote();
		elements.message.focus();
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
	elements.message.addEventListener('input', updateLengthNote);
	elements.newChat.addEventListener('click', startNewChat);

	loadSettings();
}());
