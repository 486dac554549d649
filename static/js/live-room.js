// Live room client: one WebSocket per room panel, reconnecting with exponential back-off and
// asking for exactly what it missed (after=<last id>). Without this script the panel is a
// read-only transcript. Frames are described in docs/live.md.

const BACKOFF_FIRST_MS = 500;
const BACKOFF_MAX_MS = 15000;
const HEARTBEAT_MS = 25000;
const CLOSE_FORBIDDEN = 4403;

class LiveRoom {
  constructor(root) {
    this.root = root;
    this.labels = root.querySelector('[data-live="labels"]').dataset;
    this.list = root.querySelector('[data-live="messages"]');
    this.questions = root.querySelector('[data-live="questions"]');
    this.compose = root.querySelector('[data-live="compose"]');
    this.ask = root.querySelector('[data-live="ask"]');
    this.errorBox = root.querySelector('[data-live="error"]');
    this.status = root.querySelector('[data-live="status"]');
    this.canPost = root.dataset.canPost === "1";
    this.canModerate = root.dataset.canModerate === "1";
    this.state = root.dataset.state;
    this.lastId = Number(root.dataset.lastId) || 0;
    this.seen = new Set();
    for (const item of this.list.querySelectorAll("li[data-id]")) {
      this.seen.add(Number(item.dataset.id));
      this.decorateMessage(item);
    }
    for (const item of this.questions?.querySelectorAll("li[data-id]") ?? []) {
      this.decorateQuestion(item);
    }
    this.attempts = 0;
    this.nextRef = 1;
    this.pending = new Map();
    this.stopped = false;
    this.holdUntil = 0;
    this.bindForms();
    this.connect();
  }

  // --- Connection ----------------------------------------------------------------------------

  connect() {
    const scheme = location.protocol === "https:" ? "wss:" : "ws:";
    const url = `${scheme}//${location.host}${this.root.dataset.socket}?after=${this.lastId}`;
    // Until the catch-up has arrived, lastId stays where it was: a drop in between must ask again
    // from the same point, or the messages between would be lost.
    this.syncing = true;
    this.socket = new WebSocket(url);
    this.socket.addEventListener("open", () => {
      this.attempts = 0;
      this.setStatus(this.labels.connected);
      this.heartbeat = setInterval(() => this.send({ type: "ping" }), HEARTBEAT_MS);
    });
    this.socket.addEventListener("message", (event) => this.receive(JSON.parse(event.data)));
    this.socket.addEventListener("close", (event) => this.closed(event));
  }

  closed(event) {
    clearInterval(this.heartbeat);
    this.socket = null;
    this.showForms(false);
    if (this.stopped || event.code === CLOSE_FORBIDDEN) {
      if (event.code === CLOSE_FORBIDDEN) this.setStatus(this.labels.revoked);
      return;
    }
    this.setStatus(this.labels.reconnecting);
    const backoff = Math.min(BACKOFF_MAX_MS, BACKOFF_FIRST_MS * 2 ** this.attempts);
    this.attempts += 1;
    // Jitter: after a server restart, hundreds of clients must not come back in the same instant.
    const delay = Math.max(backoff * (0.5 + Math.random() / 2), this.holdUntil - Date.now());
    setTimeout(() => this.connect(), delay);
  }

  // A debug hook for tests and for trying the reconnect by hand: drops the connection as a network
  // failure would and stays away for `holdMs`.
  dropConnection(holdMs = 0) {
    this.holdUntil = Date.now() + holdMs;
    this.socket?.close();
  }

  send(frame) {
    if (this.socket?.readyState === WebSocket.OPEN) {
      this.socket.send(JSON.stringify(frame));
      return true;
    }
    return false;
  }

  // "1 vote", "2 votes": the page gives both Dutch or English forms; the language's plural rule
  // chooses (Dutch and English: "one" for 1 only).
  votesText(count) {
    const form = new Intl.PluralRules(document.documentElement.lang).select(count);
    const text = form === "one" ? this.labels.votesOne : this.labels.votesOther;
    return text.replace("{votes}", count);
  }

  setStatus(text) {
    if (this.status) this.status.textContent = text ?? "";
  }

  // --- Frames from the server ----------------------------------------------------------------

  receive(frame) {
    const handler = this[`on_${frame.type}`];
    if (handler) handler.call(this, frame);
  }

  on_welcome(frame) {
    this.canPost = frame.you.can_post;
    this.canModerate = frame.you.can_moderate;
    this.setPresence(frame.presence);
    this.on_room_state(frame.room);
  }

  on_message(frame) {
    this.addMessage(frame);
    if (!this.syncing) this.lastId = Math.max(this.lastId, frame.id);
  }

  on_catch_up(frame) {
    for (const message of frame.messages) this.addMessage(message);
    for (const id of frame.hidden) this.on_hidden({ id });
    if (!frame.complete) {
      const last = frame.messages.at(-1);
      this.lastId = Math.max(this.lastId, last ? last.id : 0);
      this.send({ type: "catch_up", after: this.lastId });
      return;
    }
    this.syncing = false;
    this.lastId = Math.max(this.lastId, ...this.seen);
  }

  on_hidden(frame) {
    this.list.querySelector(`li[data-id="${frame.id}"]`)?.remove();
  }

  on_question(frame) {
    if (!this.questions) return;
    this.root.querySelector('[data-live="questions-empty"]')?.remove();
    let item = this.questions.querySelector(`li[data-id="${frame.id}"]`);
    if (frame.hidden) {
      item?.remove();
      return;
    }
    if (!item) {
      item = document.createElement("li");
      item.dataset.id = frame.id;
      item.className = "live-question";
      const body = document.createElement("p");
      body.className = "live-question__body";
      body.textContent = frame.body;
      const meta = document.createElement("p");
      meta.className = "live-question__meta";
      item.append(body, meta);
      this.questions.append(item);
    }
    item.dataset.votes = frame.votes;
    item.classList.toggle("live-question--answered", frame.answered);
    const meta = item.querySelector(".live-question__meta");
    const votes = document.createElement("span");
    votes.dataset.live = "votes";
    votes.textContent = this.votesText(frame.votes);
    meta.replaceChildren(votes, ` · ${frame.author.name}`);
    if (frame.answered) {
      const strong = document.createElement("strong");
      strong.textContent = this.labels.answered;
      meta.append(" · ", strong);
    }
    let answer = item.querySelector(".live-question__answer");
    if (frame.answer) {
      if (!answer) {
        answer = document.createElement("p");
        answer.className = "live-question__answer";
        meta.after(answer);
      }
      answer.textContent = frame.answer;
    } else {
      answer?.remove();
    }
    // What the answer form goes back to after a successful answer; text being typed stays as it is.
    const box = item.querySelector(".live-answer textarea");
    if (box) box.defaultValue = frame.answer ?? "";
    this.decorateQuestion(item);
    // Most votes first, then oldest first: the order the server gives.
    const items = [...this.questions.querySelectorAll("li[data-id]")];
    items.sort((a, b) => b.dataset.votes - a.dataset.votes || a.dataset.id - b.dataset.id);
    this.questions.append(...items);
  }

  on_room_state(frame) {
    this.state = frame.state;
    const text = {
      read_only: this.labels.readOnly,
      closed: this.labels.closed,
      not_open: this.labels.notOpen,
    }[frame.state];
    this.root.querySelector('[data-live="state"]').textContent = text ?? "";
    const slow = this.root.querySelector('[data-live="slow-mode"]');
    if (slow) slow.value = String(frame.slow_mode_seconds);
    this.showForms(true);
  }

  on_presence(frame) {
    this.setPresence(frame.count);
  }

  on_pong(frame) {
    this.setPresence(frame.presence);
  }

  on_muted() {
    this.errorBox.textContent = this.labels.muted;
  }

  on_access(frame) {
    this.canPost = frame.can_post;
    this.canModerate = frame.can_moderate;
    this.showForms(true);
  }

  on_ack(frame) {
    const pending = this.pending.get(frame.ref);
    this.pending.delete(frame.ref);
    pending?.form.reset();
    pending?.done?.();
  }

  on_error(frame) {
    // An error about a form's frame is shown beside that form, whose text stays for another try.
    const pending = this.pending.get(frame.ref);
    this.pending.delete(frame.ref);
    (pending?.error ?? this.errorBox).textContent = frame.message;
    if (frame.code === "access_revoked") this.stopped = true;
  }

  setPresence(count) {
    this.root.querySelector('[data-live="presence"]').textContent = count;
  }

  // --- Rendering -----------------------------------------------------------------------------

  addMessage(frame) {
    if (this.seen.has(frame.id)) return; // a catch-up and a broadcast may both carry it
    this.seen.add(frame.id);
    this.root.querySelector('[data-live="empty"]')?.remove();
    const item = document.createElement("li");
    item.className = "live-message";
    item.dataset.id = frame.id;
    item.dataset.authorId = frame.author.id;
    const author = document.createElement("span");
    author.className = "live-message__author";
    author.textContent = frame.author.name;
    const time = document.createElement("time");
    time.dateTime = frame.created;
    time.textContent = new Date(frame.created).toLocaleTimeString([], {
      hour: "2-digit",
      minute: "2-digit",
    });
    const body = document.createElement("div");
    body.className = "live-message__body";
    // Sanitised on the server by the project's one sanitiser before it was stored.
    body.innerHTML = frame.html;
    item.append(author, " ", time, body);
    this.decorateMessage(item);
    // Keep id order, whichever way the frames arrived.
    let after = this.list.lastElementChild;
    while (after && Number(after.dataset.id) > frame.id) after = after.previousElementSibling;
    if (after) after.after(item);
    else this.list.prepend(item);
    const nearBottom = this.list.scrollHeight - this.list.scrollTop - this.list.clientHeight < 80;
    if (nearBottom) this.list.scrollTop = this.list.scrollHeight;
  }

  decorateMessage(item) {
    if (!this.canModerate || item.querySelector(".live-message__tools")) return;
    const tools = document.createElement("span");
    tools.className = "live-message__tools";
    tools.append(
      this.button(this.labels.hide, () => this.send({ type: "hide", message: Number(item.dataset.id) })),
      this.button(this.labels.mute, () =>
        this.send({ type: "mute", user: Number(item.dataset.authorId) }),
      ),
    );
    item.append(tools);
  }

  decorateQuestion(item) {
    if (item.querySelector(".live-question__tools")) return;
    const tools = document.createElement("div");
    tools.className = "live-question__tools";
    const id = Number(item.dataset.id);
    if (this.canPost) tools.append(this.button(this.labels.vote, () => this.send({ type: "vote", question: id })));
    if (this.canModerate) tools.append(this.answerForm(item, id));
    item.append(tools);
  }

  // A moderator answers in place: a disclosure (keyboard-usable as it is) with a labelled text box;
  // an error appears beside it in the person's language and the text stays for another try.
  answerForm(item, id) {
    const details = document.createElement("details");
    details.className = "live-answer";
    const summary = document.createElement("summary");
    summary.textContent = this.labels.answerOpen;
    const form = document.createElement("form");
    const label = document.createElement("label");
    const text = document.createElement("textarea");
    text.name = "answer";
    text.rows = 2;
    text.maxLength = 2000;
    text.defaultValue = item.querySelector(".live-question__answer")?.textContent ?? "";
    label.append(this.labels.answerLabel, text);
    const submit = document.createElement("button");
    submit.type = "submit";
    submit.textContent = this.labels.answerSubmit;
    const error = document.createElement("p");
    error.className = "live-error";
    error.setAttribute("role", "alert");
    form.append(label, submit, error);
    form.addEventListener("submit", (event) => {
      event.preventDefault();
      error.textContent = "";
      const ref = this.nextRef++;
      if (!this.send({ type: "answer", question: id, answer: text.value, ref })) {
        error.textContent = this.labels.notConnected;
        return;
      }
      this.pending.set(ref, {
        form,
        error,
        done: () => {
          details.open = false;
          summary.focus();
        },
      });
    });
    text.addEventListener("keydown", (event) => {
      if (event.key === "Enter" && (event.ctrlKey || event.metaKey)) {
        event.preventDefault();
        form.requestSubmit();
      }
    });
    details.append(summary, form);
    return details;
  }

  button(label, action) {
    const button = document.createElement("button");
    button.type = "button";
    button.className = "link-button";
    button.textContent = label;
    button.addEventListener("click", action);
    return button;
  }

  // --- Forms ---------------------------------------------------------------------------------

  showForms(connected) {
    const writable = connected && this.canPost && this.state === "open";
    this.compose.hidden = !writable;
    if (this.ask) this.ask.hidden = !writable;
    const moderation = this.root.querySelector('[data-live="moderation"]');
    if (moderation) moderation.hidden = !(connected && this.canModerate);
  }

  bindForms() {
    this.compose.addEventListener("submit", (event) => {
      event.preventDefault();
      this.errorBox.textContent = "";
      const ref = this.nextRef++;
      this.pending.set(ref, { form: this.compose, error: this.errorBox });
      this.send({ type: "message", body: this.compose.elements.body.value, ref });
    });
    this.compose.elements.body.addEventListener("keydown", (event) => {
      if (event.key === "Enter" && !event.shiftKey) {
        event.preventDefault();
        this.compose.requestSubmit();
      }
    });
    this.ask?.addEventListener("submit", (event) => {
      event.preventDefault();
      if (this.send({ type: "question", body: this.ask.elements.body.value })) this.ask.reset();
    });
    this.root.querySelector('[data-live="slow-mode"]')?.addEventListener("change", (event) => {
      this.send({ type: "room_state", slow_mode_seconds: Number(event.target.value) });
    });
    this.root.querySelector('[data-live="read-only"]')?.addEventListener("click", () => {
      this.send({ type: "room_state", state: "read_only" });
    });
    this.root.querySelector('[data-live="reopen"]')?.addEventListener("click", () => {
      this.send({ type: "room_state", state: "open" });
    });
    const older = this.root.querySelector('[data-live="older"]');
    older?.addEventListener("click", (event) => {
      event.preventDefault();
      this.loadOlder(older);
    });
  }

  async loadOlder(link) {
    const oldest = this.list.querySelector("li[data-id]")?.dataset.id;
    const response = await fetch(`${this.root.dataset.history}?before=${oldest}`, {
      headers: { Accept: "application/json" },
    });
    if (!response.ok) return;
    const page = await response.json();
    for (const message of page.messages) this.addMessage(message);
    if (!page.has_older) link.closest("p").remove();
  }
}

for (const root of document.querySelectorAll(".live-room")) {
  root.liveRoom = new LiveRoom(root);
}
