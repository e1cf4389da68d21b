/*
 * Steunwijzer resident chat widget.
 *
 * Embed with one tag (no build step, no CDN):
 *   <script src="https://<service>/chat/widget.js"
 *           data-rasa-url="http://127.0.0.1:5005" data-municipality="GM0307" defer></script>
 * data-municipality (optional): the CBS code of the municipality whose site this is;
 * it goes with every message as metadata, so the bot need not ask for it.
 *
 * Talks to Rasa's REST channel. Privacy by design: the sender id and the
 * conversation live in sessionStorage only, so they are gone when the browser
 * session ends; no cookies, no localStorage. The conversation on the server is
 * deleted (POST /webhooks/rest/forget) when the resident closes the chat with its
 * close button, and when the page is left (pagehide); after that the widget goes
 * on with a new random id.
 *
 * A Jinja template: the service writes the crisis lines in below when it serves
 * this file (from bot/crisis/lines.yml, their one source), so they arrive with
 * the code and never need a second request.
 */
(function () {
  "use strict";

  // A page that includes the tag twice must still get one widget.
  if (window.__steunwijzerChat) return;
  window.__steunwijzerChat = true;

  var script = document.currentScript ||
    document.querySelector('script[src*="widget.js"][data-rasa-url]');

  var CONFIG = {
    rasaUrl: trimSlash(attr(script, "data-rasa-url") || "http://127.0.0.1:5005"),
    municipality: siteMunicipality(attr(script, "data-municipality")),
    cssUrl: script && script.src ? script.src.replace(/widget\.js(\?.*)?$/, "widget.css") : null,
    requestTimeoutMs: 20000,
    slowReplyMs: 3000,
    retryBaseMs: 1000,
    retryMaxMs: 30000,
    // The same limit and text as the Rasa server's (bot/components/message_limit.py).
    maxLength: {{ max_length|tojson }}
  };

  var STORAGE_KEY = "steunwijzer.chat.v1";
  // Same breakpoints as the CSS: here the dialog covers the whole screen,
  // so it behaves as a modal (focus trap, page scroll locked).
  var FULLSCREEN_QUERY = "(max-width: 40em), (max-height: 34em)";

  // The crisis lines: the notice at the top and one block per crisis kind.
  var CRISIS = {{ crisis_lines|tojson }};

  // Everything a resident reads, in plain (B1) Dutch.
  var TEXT = {
    launcher: "Chat: stel uw vraag",
    title: "Steunwijzer",
    subtitle: "Chat met de gemeente",
    close: "Sluiten",
    closeLabel: "Chat sluiten en gesprek wissen",
    emergency: CRISIS.notice,
    privacy: "U hoeft uw naam of BSN niet te geven. Sluit u de chat of deze pagina? Dan wissen we het gesprek.",
    logLabel: "Gesprek",
    bot: "Steunwijzer:",
    you: "U:",
    welcome: "Hallo! Ik help u de juiste hulp te vinden. Bijvoorbeeld bij geldzorgen, " +
      "werk of vragen over corona-steun. Typ uw vraag in een paar woorden. Of kies hieronder.",
    inputLabel: "Uw bericht",
    tooLong: {{ too_long|tojson }},
    placeholder: "Typ uw vraag",
    send: "Verstuur",
    repliesLabel: "Kies een antwoord",
    repliesAnnounce: "U kunt kiezen: ",
    typing: "Steunwijzer schrijft een antwoord",
    pending: "Nog niet verstuurd. Wacht op verbinding.",
    offline: "Geen verbinding. We proberen het opnieuw.",
    online: "De verbinding is terug.",
    noAnswer: "Sorry, daar heb ik geen antwoord op. Probeer het met andere woorden.",
    newTab: " (opent in een nieuw tabblad)",
    crisisTitle: "Hulp nodig? Bel nu.",
    slowTitle: "Duurt het antwoord even? Heeft u nu hulp nodig?",
    crisis: { suicide: CRISIS.suicide, violence: CRISIS.violence, emergency: CRISIS.emergency }
  };

  // Turned into links in bot texts. Dutch phone numbers: 112/113, 0800/0900 numbers, 14 + area code,
  // 10-digit numbers with optional spaces or dashes, +31 numbers; and web links.
  var LINK_RE = /(https?:\/\/[^\s<>"]*[^\s<>".,;:!?)\]'"])|((?:\+31|0031)[ \u00a0-]?(?:\d[ \u00a0-]?){8}\d|0[89]00[ \u00a0-]?\d{4}(?:[ \u00a0-]?\d{3})?|0(?:[ \u00a0-]?\d){9}|14[ \u00a0-]?0\d{2,3}|11[23])/g;

  // Starters help people who find typing hard; payloads are Rasa intents.
  var STARTERS = [
    { title: "Geldzorgen of schulden", payload: "/schuldhulp" },
    { title: "Vraag over Tozo", payload: "/tozo" },
    { title: "Ik zoek werk", payload: "/werk" },
    { title: "Ik wil een mens spreken", payload: "/human_handoff" }
  ];

  var state = loadState();
  var ui = null;
  var inFlight = false;
  var retryTimer = null;
  var attempt = 0;
  var offlineShown = false;
  // The crisis lines shown while a reply is late: for which message, its timer, its block.
  var slowHelp = { id: null, timer: null, node: null };
  var fullscreen = window.matchMedia ? window.matchMedia(FULLSCREEN_QUERY) : null;

  if (document.body) init();
  else document.addEventListener("DOMContentLoaded", init);

  function init() {
    ui = buildUi();
    injectCss(ui.root);
    document.body.appendChild(ui.root);
    renderHistory();
    bindEvents();
    // A message queued before a reload is still owed to the bot.
    if (state.queue.length) {
      armSlowHelp(state.queue[state.queue.length - 1].id);
      flush();
    }
  }

  /* ---------- state (sessionStorage only) ---------- */

  function loadState() {
    var saved = null;
    try {
      saved = JSON.parse(window.sessionStorage.getItem(STORAGE_KEY) || "null");
    } catch (e) {
      saved = null; // storage blocked or corrupt: start fresh, keep working in memory
    }
    if (!saved || typeof saved.sender !== "string") {
      saved = { sender: randomId(), history: [], queue: [], buttons: [], welcomed: false };
    }
    saved.history = Array.isArray(saved.history) ? saved.history : [];
    saved.queue = Array.isArray(saved.queue) ? saved.queue : [];
    saved.buttons = Array.isArray(saved.buttons) ? saved.buttons : [];
    return saved;
  }

  function saveState() {
    try {
      window.sessionStorage.setItem(STORAGE_KEY, JSON.stringify(state));
    } catch (e) {
      // Private mode or full storage: the chat still works, it just won't survive a reload.
    }
  }

  function randomId() {
    if (window.crypto && window.crypto.randomUUID) return window.crypto.randomUUID();
    var bytes = new Uint8Array(16);
    window.crypto.getRandomValues(bytes);
    return Array.prototype.map.call(bytes, function (b) {
      return ("0" + b.toString(16)).slice(-2);
    }).join("");
  }

  /* ---------- building the DOM ---------- */

  function buildUi() {
    var root = el("div", { "class": "sw-root", lang: "nl", id: "steunwijzer-chat" });
    // Hidden until the stylesheet is in, so nobody sees an unstyled flash.
    root.hidden = true;

    var launcher = el("button", {
      type: "button", "class": "sw-launcher",
      "aria-expanded": "false", "aria-controls": "sw-dialog"
    });
    launcher.appendChild(chatIcon());
    launcher.appendChild(el("span", {}, TEXT.launcher));

    var dialog = el("div", {
      "class": "sw-dialog", id: "sw-dialog", role: "dialog",
      "aria-modal": "false", "aria-labelledby": "sw-title"
    });
    dialog.hidden = true;

    var header = el("div", { "class": "sw-header" });
    var titles = el("div", { "class": "sw-titles" });
    titles.appendChild(el("h2", { "class": "sw-title", id: "sw-title" }, TEXT.title));
    titles.appendChild(el("p", { "class": "sw-subtitle" }, TEXT.subtitle));
    var closeBtn = el("button", { type: "button", "class": "sw-close", "aria-label": TEXT.closeLabel });
    closeBtn.appendChild(el("span", { "aria-hidden": "true" }, TEXT.close));
    header.appendChild(titles);
    header.appendChild(closeBtn);

    var notice = el("div", { "class": "sw-notice" });
    var emergency = el("p", { "class": "sw-emergency" });
    emergency.appendChild(linkify(TEXT.emergency));
    notice.appendChild(emergency);
    notice.appendChild(el("p", { "class": "sw-privacy" }, TEXT.privacy));

    // Deliberately no role="log" or aria-live here: that would re-read history.
    // The log is focusable so keyboard users can scroll it.
    var log = el("ol", { "class": "sw-log", "aria-label": TEXT.logLabel, tabindex: "0" });

    // Screen readers hear only the newest bot message(s) through this region.
    var live = el("div", { "class": "sw-live sw-visually-hidden", "aria-live": "polite" });
    var status = el("p", { "class": "sw-status", role: "status" });

    var replies = el("div", { "class": "sw-replies", role: "group", "aria-label": TEXT.repliesLabel });
    replies.hidden = true;

    var form = el("form", { "class": "sw-form", novalidate: "" });
    var label = el("label", { "class": "sw-visually-hidden", "for": "sw-input" }, TEXT.inputLabel);
    var input = el("textarea", {
      "class": "sw-input", id: "sw-input", rows: "1", autocomplete: "off",
      maxlength: String(CONFIG.maxLength), placeholder: TEXT.placeholder
    });
    var send = el("button", { type: "submit", "class": "sw-send" }, TEXT.send);
    // Shown (and read out) once the message reaches the limit; the input takes no more.
    var limit = el("p", { "class": "sw-limit", id: "sw-limit", "aria-live": "polite" });
    input.setAttribute("aria-describedby", "sw-limit");
    form.appendChild(label);
    form.appendChild(input);
    form.appendChild(send);
    form.appendChild(limit);

    [header, notice, log, status, replies, form, live].forEach(function (node) {
      dialog.appendChild(node);
    });
    root.appendChild(launcher);
    root.appendChild(dialog);

    return {
      root: root, launcher: launcher, dialog: dialog, closeBtn: closeBtn, notice: notice,
      log: log, live: live, status: status, replies: replies, form: form, input: input,
      limit: limit, typing: null
    };
  }

  function injectCss(root) {
    var show = function () { root.hidden = false; };
    if (!CONFIG.cssUrl) return show();
    var link = el("link", { rel: "stylesheet", href: CONFIG.cssUrl, "data-steunwijzer": "" });
    link.onload = show;
    link.onerror = show; // unstyled is still usable; hiding the chat is worse
    document.head.appendChild(link);
  }

  function chatIcon() {
    var ns = "http://www.w3.org/2000/svg";
    var svg = document.createElementNS(ns, "svg");
    svg.setAttribute("viewBox", "0 0 24 24");
    svg.setAttribute("aria-hidden", "true");
    svg.setAttribute("focusable", "false");
    svg.setAttribute("class", "sw-icon");
    var path = document.createElementNS(ns, "path");
    path.setAttribute("fill", "currentColor");
    path.setAttribute("d", "M4 3h16a2 2 0 0 1 2 2v10a2 2 0 0 1-2 2H9l-5 4v-4H4a2 2 0 0 1-2-2V5a2 2 0 0 1 2-2z");
    svg.appendChild(path);
    return svg;
  }

  /* ---------- events ---------- */

  function bindEvents() {
    ui.launcher.addEventListener("click", function () {
      if (ui.dialog.hidden) openDialog(); else closeDialog();
    });
    // The close button ends the chat; Escape and the launcher only put it away.
    ui.closeBtn.addEventListener("click", endChat);
    ui.dialog.addEventListener("keydown", onDialogKeydown);
    ui.form.addEventListener("submit", function (event) {
      event.preventDefault();
      submitInput();
    });
    ui.input.addEventListener("keydown", onInputKeydown);
    ui.input.addEventListener("input", function () {
      autosizeInput();
      showLimit();
    });
    // Leaving the page (closing the tab, a reload, another page) deletes the conversation too.
    window.addEventListener("pagehide", leavePage);
    // Back online: do not wait for the next backoff tick.
    window.addEventListener("online", function () {
      attempt = 0;
      flush();
    });
    if (fullscreen) {
      var update = function () { if (!ui.dialog.hidden) applyModality(); };
      if (fullscreen.addEventListener) fullscreen.addEventListener("change", update);
      else if (fullscreen.addListener) fullscreen.addListener(update);
    }
  }

  function onDialogKeydown(event) {
    if (event.key === "Escape" || event.key === "Esc") {
      event.preventDefault();
      closeDialog();
    } else if (event.key === "Tab" && isModal()) {
      trapTab(event);
    }
  }

  function onInputKeydown(event) {
    // Enter sends, Shift+Enter adds a line; never send half-composed IME text.
    if (event.key === "Enter" && !event.shiftKey && !event.isComposing) {
      event.preventDefault();
      submitInput();
    }
  }

  function trapTab(event) {
    var items = focusables();
    if (!items.length) return;
    var first = items[0];
    var last = items[items.length - 1];
    if (event.shiftKey && document.activeElement === first) {
      event.preventDefault();
      last.focus();
    } else if (!event.shiftKey && document.activeElement === last) {
      event.preventDefault();
      first.focus();
    }
  }

  function focusables() {
    var nodes = ui.dialog.querySelectorAll("a[href], button:not([disabled]), textarea, [tabindex='0']");
    return Array.prototype.filter.call(nodes, function (node) {
      return node.offsetParent !== null || node === document.activeElement;
    });
  }

  /* ---------- open / close ---------- */

  function openDialog() {
    ui.dialog.hidden = false;
    ui.launcher.setAttribute("aria-expanded", "true");
    applyModality();
    if (!state.welcomed) addWelcome();
    scrollToEnd();
    ui.input.focus();
  }

  function closeDialog() {
    ui.dialog.hidden = true;
    ui.launcher.setAttribute("aria-expanded", "false");
    document.documentElement.classList.remove("sw-scroll-lock");
    ui.launcher.focus();
  }

  // The resident closes the chat: the server forgets the conversation, and so does this tab.
  function endChat() {
    forget(state.sender);
    clearSlowHelp();
    clearTimeout(retryTimer);
    state = { sender: randomId(), history: [], queue: [], buttons: [], welcomed: false };
    saveState();
    showTyping(false);
    ui.log.textContent = "";
    renderReplies([]);
    ui.notice.classList.remove("sw-notice--alert");
    closeDialog();
  }

  // The page goes away (maybe for good: a closed tab cannot be told from a reload). The
  // server forgets the conversation; what is on screen stays for a reload in this tab,
  // and the chat goes on with a new id (old quick replies belonged to the old one).
  function leavePage() {
    if (!state.history.some(function (entry) { return entry.from === "user"; })) return;
    forget(state.sender);
    state.sender = randomId();
    state.buttons = [];
    saveState();
    renderReplies([]);
  }

  // Fire and forget: a plain-text body needs no CORS preflight, so it also goes out
  // while the page unloads. Only the widget knows this random id.
  function forget(sender) {
    var url = CONFIG.rasaUrl + "/webhooks/rest/forget";
    var body = JSON.stringify({ sender: sender });
    try {
      if (navigator.sendBeacon && navigator.sendBeacon(url, body)) return;
      window.fetch(url, { method: "POST", body: body, keepalive: true, credentials: "omit" })
        .catch(function () { /* the server forgets it anyway after its retention time */ });
    } catch (e) {
      // As above: never let deleting get in the resident's way.
    }
  }

  function isModal() {
    return !!(fullscreen && fullscreen.matches);
  }

  // Full screen it blocks the page, so it is truly modal; as a small panel
  // beside the page it is not, and the page stays reachable.
  function applyModality() {
    var modal = isModal();
    ui.dialog.setAttribute("aria-modal", modal ? "true" : "false");
    document.documentElement.classList.toggle("sw-scroll-lock", modal);
  }

  function addWelcome() {
    state.welcomed = true;
    var entry = { from: "bot", text: TEXT.welcome };
    state.history.push(entry);
    state.buttons = STARTERS.slice();
    saveState();
    ui.log.appendChild(renderEntry(entry));
    renderReplies(state.buttons);
  }

  /* ---------- sending ---------- */

  function submitInput() {
    var text = ui.input.value.trim();
    if (!text) return;
    ui.input.value = "";
    autosizeInput();
    showLimit();
    sendMessage(text, text);
  }

  function sendMessage(shown, message) {
    var entry = { from: "user", text: shown.slice(0, CONFIG.maxLength), id: randomId(), pending: true };
    state.history.push(entry);
    state.queue.push({ id: entry.id, message: message.slice(0, CONFIG.maxLength) });
    state.buttons = []; // old quick replies no longer fit the conversation
    saveState();
    ui.log.appendChild(renderEntry(entry));
    renderReplies([]);
    scrollToEnd();
    armSlowHelp(entry.id);
    flush();
  }

  // Sends queued messages one at a time, in order; on failure keeps them
  // queued and retries with backoff, so nothing the resident typed is lost.
  function flush() {
    if (inFlight || !state.queue.length) return;
    clearTimeout(retryTimer);
    retryTimer = null;
    inFlight = true;
    showTyping(true);
    var item = state.queue[0];
    var ended = state.history;
    postToRasa(item.message).then(function (messages) {
      inFlight = false;
      attempt = 0;
      // The resident closed the chat meanwhile: this reply belongs to the deleted conversation.
      if (state.history !== ended) return flush();
      state.queue.shift();
      markSent(item.id);
      settleSlowHelp(item.id);
      showTyping(false);
      setConnection(true);
      handleReply(messages);
      flush();
    }, function () {
      inFlight = false;
      if (state.history !== ended) return flush();
      showTyping(false);
      setConnection(false);
      scheduleRetry();
    });
  }

  function postToRasa(text) {
    var controller = window.AbortController ? new AbortController() : null;
    var timer = setTimeout(function () { if (controller) controller.abort(); }, CONFIG.requestTimeoutMs);
    return window.fetch(CONFIG.rasaUrl + "/webhooks/rest/webhook", {
      method: "POST",
      headers: { "Content-Type": "application/json" },
      body: JSON.stringify(rasaBody(text)),
      credentials: "omit", // the chat never needs cookies
      cache: "no-store",
      signal: controller ? controller.signal : undefined
    }).then(function (response) {
      clearTimeout(timer);
      if (!response.ok) throw new Error("HTTP " + response.status);
      return response.json();
    }, function (error) {
      clearTimeout(timer);
      throw error;
    });
  }

  // The site's municipality rides along with every message (bot/components/site_municipality.py).
  function rasaBody(text) {
    var body = { sender: state.sender, message: text };
    if (CONFIG.municipality) body.metadata = { municipality: CONFIG.municipality };
    return body;
  }

  function scheduleRetry() {
    var delay = Math.min(CONFIG.retryMaxMs, CONFIG.retryBaseMs * Math.pow(2, attempt));
    attempt += 1;
    // Jitter so many residents on one flaky network don't retry in lockstep.
    delay = delay * (0.8 + Math.random() * 0.4);
    retryTimer = setTimeout(flush, delay);
  }

  function setConnection(ok) {
    if (!ok && !offlineShown) {
      offlineShown = true;
      ui.status.textContent = TEXT.offline;
      ui.status.className = "sw-status sw-status--offline";
    } else if (ok && offlineShown) {
      offlineShown = false;
      ui.status.textContent = TEXT.online;
      ui.status.className = "sw-status sw-status--online";
      setTimeout(function () {
        if (!offlineShown) {
          ui.status.textContent = "";
          ui.status.className = "sw-status";
        }
      }, 4000);
    }
  }

  function markSent(id) {
    state.history.forEach(function (entry) {
      if (entry.id === id) delete entry.pending;
    });
    saveState();
    var node = ui.log.querySelector('[data-id="' + id + '"] .sw-pending');
    if (node) node.parentNode.removeChild(node);
  }

  /* ---------- a slow reply: the crisis lines meanwhile ---------- */

  // Someone in crisis must not sit waiting for a slow bot: after a few seconds
  // without a reply, the crisis lines appear under the newest message.
  function armSlowHelp(id) {
    clearSlowHelp();
    slowHelp.id = id;
    slowHelp.timer = setTimeout(showSlowHelp, CONFIG.slowReplyMs);
  }

  function showSlowHelp() {
    var message = ui.log.querySelector('[data-id="' + slowHelp.id + '"]');
    if (!message) return;
    var block = el("li", { "class": "sw-slow" });
    block.appendChild(el("strong", { "class": "sw-slow-title" }, TEXT.slowTitle));
    var lines = [TEXT.crisis.emergency, TEXT.crisis.suicide, TEXT.crisis.violence];
    lines.forEach(function (line) { block.appendChild(el("p")).appendChild(linkify(line)); });
    message.parentNode.insertBefore(block, message.nextSibling);
    slowHelp.node = block;
    announce([{ text: TEXT.slowTitle + " " + lines.join(" ") }], []);
    scrollToEnd();
  }

  // The reply to that message is in: the block has done its job.
  function settleSlowHelp(id) {
    if (slowHelp.id === id) clearSlowHelp();
  }

  function clearSlowHelp() {
    clearTimeout(slowHelp.timer);
    if (slowHelp.node) slowHelp.node.parentNode.removeChild(slowHelp.node);
    slowHelp = { id: null, timer: null, node: null };
  }

  /* ---------- receiving ---------- */

  function handleReply(messages) {
    var list = Array.isArray(messages) ? messages : [];
    var triage = findTriage(list);
    var entries = [];
    var buttons = [];
    // Crisis help goes first and stands out, before anything else the bot says.
    if (triage && triage.crisis) {
      entries.push({ from: "bot", crisis: String(triage.crisis), text: crisisText(triage.crisis) });
      ui.notice.classList.add("sw-notice--alert");
    }
    list.forEach(function (message) {
      if (message && typeof message.text === "string" && message.text.trim()) {
        entries.push({ from: "bot", text: message.text });
      }
      if (message && Array.isArray(message.buttons)) buttons = cleanButtons(message.buttons);
    });
    if (!entries.length && !buttons.length) entries.push({ from: "bot", text: TEXT.noAnswer });

    var first = null;
    entries.forEach(function (entry) {
      state.history.push(entry);
      var node = renderEntry(entry);
      ui.log.appendChild(node);
      first = first || node;
    });
    state.buttons = buttons;
    saveState();
    renderReplies(buttons);
    announce(entries, buttons);
    scrollToMessage(first);
  }

  // The triage is for staff and statistics only; it is never shown.
  function findTriage(list) {
    for (var i = 0; i < list.length; i++) {
      var custom = list[i] && list[i].custom;
      if (custom && custom.triage) return custom.triage;
    }
    return null;
  }

  function crisisText(kind) {
    return TEXT.crisis[kind] || (TEXT.crisis.emergency + " " + TEXT.crisis.suicide);
  }

  function cleanButtons(buttons) {
    return buttons.filter(function (b) {
      return b && typeof b.title === "string" && b.title.trim();
    }).map(function (b) {
      return { title: b.title, payload: typeof b.payload === "string" && b.payload ? b.payload : b.title };
    });
  }

  function announce(entries, buttons) {
    var live = ui.live;
    live.textContent = "";
    // Replace after a tick so screen readers notice a change even for equal text.
    setTimeout(function () {
      live.textContent = "";
      entries.forEach(function (entry) {
        var prefix = entry.crisis ? TEXT.crisisTitle + " " : "";
        live.appendChild(el("p", {}, prefix + entry.text));
      });
      if (buttons.length) {
        var titles = buttons.map(function (b) { return b.title; }).join(", ");
        live.appendChild(el("p", {}, TEXT.repliesAnnounce + titles + "."));
      }
    }, 100);
  }

  /* ---------- rendering ---------- */

  function renderHistory() {
    state.history.forEach(function (entry) {
      ui.log.appendChild(renderEntry(entry));
    });
    if (state.history.some(function (e) { return e.crisis; })) ui.notice.classList.add("sw-notice--alert");
    renderReplies(state.buttons);
  }

  function renderEntry(entry) {
    var isUser = entry.from === "user";
    var item = el("li", { "class": "sw-msg " + (isUser ? "sw-msg--user" : "sw-msg--bot") });
    if (entry.id) item.setAttribute("data-id", entry.id);
    item.appendChild(el("span", { "class": "sw-visually-hidden" }, (isUser ? TEXT.you : TEXT.bot) + " "));
    if (entry.crisis) {
      item.className += " sw-crisis";
      item.appendChild(el("strong", { "class": "sw-crisis-title" }, TEXT.crisisTitle));
    }
    item.appendChild(el("span", { "class": "sw-text" })).appendChild(linkify(entry.text));
    if (entry.pending) item.appendChild(el("span", { "class": "sw-pending" }, TEXT.pending));
    return item;
  }

  function renderReplies(buttons) {
    var box = ui.replies;
    var hadFocus = box.contains(document.activeElement);
    box.textContent = "";
    box.hidden = !buttons.length;
    buttons.forEach(function (button) {
      var node = el("button", { type: "button", "class": "sw-reply" }, button.title);
      node.addEventListener("click", function () {
        sendMessage(button.title, button.payload);
      });
      box.appendChild(node);
    });
    // The clicked button is gone now; keep the keyboard user in the conversation.
    if (hadFocus && !ui.dialog.hidden) ui.input.focus();
  }

  function showTyping(on) {
    if (on && !ui.typing) {
      ui.typing = el("li", { "class": "sw-msg sw-msg--bot sw-typing" });
      ui.typing.appendChild(el("span", {}, TEXT.typing));
      var dots = el("span", { "class": "sw-dots", "aria-hidden": "true" });
      for (var i = 0; i < 3; i++) dots.appendChild(el("span", { "class": "sw-dot" }, "."));
      ui.typing.appendChild(dots);
      ui.log.appendChild(ui.typing);
      scrollToEnd();
    } else if (!on && ui.typing) {
      ui.typing.parentNode.removeChild(ui.typing);
      ui.typing = null;
    }
  }

  // Long answers are read from their start, not from their last line.
  function scrollToMessage(node) {
    var box = scroller();
    if (!node) return;
    box.scrollTop = Math.max(0, node.offsetTop - 8);
  }

  function scrollToEnd() {
    var box = scroller();
    box.scrollTop = box.scrollHeight;
  }

  // On very short screens the whole dialog scrolls instead of the log.
  function scroller() {
    var overflow = window.getComputedStyle(ui.log).overflowY;
    return overflow === "auto" || overflow === "scroll" ? ui.log : ui.dialog;
  }

  function showLimit() {
    var full = Array.from(ui.input.value).length >= CONFIG.maxLength;
    if (full && !ui.limit.textContent) ui.limit.textContent = TEXT.tooLong;
    else if (!full && ui.limit.textContent) ui.limit.textContent = "";
  }

  function autosizeInput() {
    ui.input.style.height = "auto";
    ui.input.style.height = ui.input.scrollHeight + "px";
  }

  /* ---------- text to safe DOM, with tel: and web links ---------- */

  function linkify(text) {
    var fragment = document.createDocumentFragment();
    var last = 0;
    var match;
    LINK_RE.lastIndex = 0;
    while ((match = LINK_RE.exec(text)) !== null) {
      if (match[2] && !standsAlone(text, match.index, match[0].length)) continue;
      fragment.appendChild(document.createTextNode(text.slice(last, match.index)));
      fragment.appendChild(match[1] ? webLink(match[1]) : telLink(match[2]));
      last = match.index + match[0].length;
    }
    fragment.appendChild(document.createTextNode(text.slice(last)));
    return fragment;
  }

  // "112" inside "€ 1125" or a date is not a phone number.
  function standsAlone(text, start, length) {
    var before = text.charAt(start - 1);
    var after = text.slice(start + length, start + length + 2);
    return !/[\w€.,\/-]/.test(before) && !/^(\w|[.,]\d)/.test(after);
  }

  function telLink(number) {
    var link = el("a", { "class": "sw-tel", href: "tel:" + number.replace(/[^\d+]/g, "") }, number);
    return link;
  }

  function webLink(url) {
    // A new tab keeps the chat open on this page while the resident reads.
    var link = el("a", { href: url, target: "_blank", rel: "noopener noreferrer" }, url);
    link.appendChild(el("span", { "class": "sw-visually-hidden" }, TEXT.newTab));
    return link;
  }

  /* ---------- small helpers ---------- */

  function el(tag, attrs, text) {
    var node = document.createElement(tag);
    Object.keys(attrs || {}).forEach(function (name) {
      node.setAttribute(name, attrs[name]);
    });
    if (text !== undefined) node.textContent = text;
    return node;
  }

  function attr(node, name) {
    return node ? node.getAttribute(name) : null;
  }

  // Only a CBS municipality code (GM and four digits); anything else is ignored.
  function siteMunicipality(code) {
    var trimmed = (code || "").trim().toUpperCase();
    return /^GM\d{4}$/.test(trimmed) ? trimmed : null;
  }

  function trimSlash(url) {
    return url.replace(/\/+$/, "");
  }
})();
