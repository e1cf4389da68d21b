/* Staff lookup (/staff): Enter searches, results render as plain DOM (textContent only). */
(function () {
  "use strict";

  var form = document.getElementById("lookup-form");
  var question = document.getElementById("question");
  var place = document.getElementById("place");
  var needSelect = document.getElementById("need");
  var statusLine = document.getElementById("status");
  var questionError = document.getElementById("question-error");
  var nluWarning = document.getElementById("nlu-warning");
  var crisis = document.getElementById("crisis");
  var results = document.getElementById("results");
  var copyButton = document.getElementById("copy");
  var copyStatus = document.getElementById("copy-status");
  var token = document.querySelector('meta[name="csrf-token"]').getAttribute("content");
  var latest = 0;
  var copyText = "";

  function el(tag, className, text) {
    var node = document.createElement(tag);
    if (className) { node.className = className; }
    if (text !== undefined && text !== null) { node.textContent = text; }
    return node;
  }

  function clear(node) {
    while (node.firstChild) { node.removeChild(node.firstChild); }
  }

  function showBlock(id, visible) {
    document.getElementById(id).hidden = !visible;
  }

  function setQuestionError(message) {
    questionError.textContent = message;
    questionError.hidden = !message;
    if (message) {
      question.setAttribute("aria-invalid", "true");
    } else {
      question.removeAttribute("aria-invalid");
    }
  }

  function link(href, text) {
    var a = el("a", null, text);
    a.href = href;
    return a;
  }

  function webLink(url, text) {
    // Only http(s): a URL typed in the admin must never become a javascript: link.
    return /^https?:\/\//i.test(url) ? link(url, text) : el("span", null, url);
  }

  function badge(kind, text) {
    return el("span", "lk-badge lk-badge--" + kind, text);
  }

  // One alert region for both: red for a crisis, amber for a possible risk (what staff ask the caller).
  function renderCrisis(data) {
    clear(crisis);
    var possible = data.risk === "possible";
    crisis.classList.toggle("lk-crisis--possible", possible);
    if (data.crisis_line) {
      crisis.appendChild(el("strong", null, "Crisis (" + data.crisis_label + "). "));
      crisis.appendChild(document.createTextNode(data.crisis_line));
    } else if (possible) {
      crisis.appendChild(el("strong", null, "Let op: mogelijk risico. "));
      if (data.risk_line) { crisis.appendChild(document.createTextNode(data.risk_line)); }
    }
  }

  function schemeCard(scheme) {
    var card = el("article", "lk-card");
    var title = el("h4", null, scheme.name + " ");
    title.appendChild(badge(scheme.status === "ended" ? "ended" : "active", scheme.status_label));
    card.appendChild(title);
    if (scheme.full_name) { card.appendChild(el("p", "lk-small", scheme.full_name)); }
    if (scheme.staff_notes) {
      var details = el("details", "lk-notes");
      details.appendChild(el("summary", null, "Notities voor medewerkers"));
      details.appendChild(el("p", null, scheme.staff_notes));
      card.appendChild(details);
    }
    if (scheme.official_url) { card.appendChild(el("p")).appendChild(webLink(scheme.official_url, "Officiële informatie over " + scheme.name)); }
    if (scheme.last_verified) { card.appendChild(el("p", "lk-small", "Gecontroleerd op " + scheme.last_verified_text)); }
    return card;
  }

  function referralItem(ref) {
    var item = el("li", "lk-referral");
    var head = el("p", "lk-ref-name");
    head.appendChild(el("strong", null, ref.name + " "));
    var kind = ref.open_now === true ? "open" : ref.open_now === false ? "closed" : "unknown";
    head.appendChild(badge(kind, ref.open_label));
    item.appendChild(head);
    var contact = el("p");
    if (ref.phone && ref.tel) { contact.appendChild(link(ref.tel, ref.phone)); }
    var hours = ref.hours_note || ref.hours_text;
    if (hours) { contact.appendChild(document.createTextNode((ref.phone ? " · " : "") + hours)); }
    if (contact.childNodes.length) { item.appendChild(contact); }
    if (ref.url) { item.appendChild(el("p")).appendChild(webLink(ref.url, "Website van " + ref.name)); }
    if (ref.how_to_apply) { item.appendChild(el("p", "lk-small", ref.how_to_apply)); }
    return item;
  }

  function renderList(id, refs) {
    var list = document.getElementById(id);
    clear(list);
    refs.forEach(function (ref) { list.appendChild(referralItem(ref)); });
    showBlock(id + "-block", refs.length > 0);
  }

  function renderReadout(messages) {
    var box = document.getElementById("readout");
    clear(box);
    messages.forEach(function (message) { box.appendChild(el("p", null, message.text)); });
    showBlock("readout-block", messages.length > 0);
  }

  function metaText(data) {
    var parts = [];
    var municipality = data.triage.municipality;
    if (municipality) {
      parts.push("Gemeente: " + municipality.name + " (" + municipality.code + ")" +
        (data.place.source === "home" ? ", uw standaardgemeente" : ""));
    } else if (data.place.candidates.length) {
      parts.push("Meerdere gemeenten mogelijk: " + data.place.candidates.map(function (c) { return c.name + " (" + c.province + ")"; }).join(", ") + ". Vul de gemeente in.");
    } else {
      parts.push("Gemeente onbekend");
    }
    if (data.intent) { parts.push("Zekerheid herkenning: " + Math.round(data.triage.confidence * 100) + "%"); }
    return parts.join(" · ");
  }

  function needTitle(data) {
    if (data.need) { return data.need.name; }
    return data.nlu === "unavailable" ? "Onderwerp niet herkend: kies het onderwerp zelf" : "Geen onderwerp herkend";
  }

  function render(data) {
    renderCrisis(data);
    nluWarning.hidden = data.nlu !== "unavailable";
    document.getElementById("need-title").textContent = needTitle(data);
    document.getElementById("meta").textContent = metaText(data);
    var schemes = document.getElementById("schemes");
    clear(schemes);
    data.schemes.forEach(function (scheme) { schemes.appendChild(schemeCard(scheme)); });
    showBlock("schemes-block", data.schemes.length > 0);
    renderReadout(data.messages);
    document.getElementById("scope-hint").hidden = !(data.need && data.need.id === "out_of_scope");
    renderList("local", data.referrals.filter(function (r) { return r.municipality_code; }));
    renderList("national", data.referrals.filter(function (r) { return !r.municipality_code; }));
    copyText = data.copy_text;
    copyStatus.textContent = "";
    results.hidden = false;
  }

  function summary(data) {
    var parts = ["Resultaat: " + needTitle(data) + "."];
    if (data.crisis_line) { parts.unshift("Let op, crisis."); }
    if (!data.crisis_line && data.risk === "possible") { parts.unshift("Let op, mogelijk risico."); }
    if (data.nlu === "unavailable") { parts.push("Vraagherkenning is nu niet beschikbaar. Kies het onderwerp zelf."); }
    parts.push(data.referrals.length + (data.referrals.length === 1 ? " verwijzing." : " verwijzingen."));
    return parts.join(" ");
  }

  function errorText(status, body) {
    if (status === 401) { return "U bent niet meer ingelogd. Laad de pagina opnieuw en log in."; }
    if (status === 403) { return "U heeft geen toegang tot opzoeken."; }
    var message = body && body.error && body.error.message;
    return "Zoeken lukte niet" + (message ? ": " + message : ".") + " Probeer het opnieuw.";
  }

  function search() {
    var text = question.value.trim();
    if (!text) {
      setQuestionError("Typ eerst de vraag van de beller.");
      question.focus();
      return;
    }
    setQuestionError("");
    var ticket = ++latest;
    statusLine.textContent = "Zoeken…";
    fetch(form.getAttribute("data-api"), {
      method: "POST",
      credentials: "same-origin",
      headers: { "Content-Type": "application/json", "Accept": "application/json", "X-CSRF-Token": token },
      body: JSON.stringify({ question: text, place: place.value.trim() || null, need: needSelect.value || null })
    }).then(function (response) {
      return response.json().catch(function () { return null; }).then(function (body) {
        if (ticket !== latest) { return; }
        if (!response.ok || !body) { statusLine.textContent = errorText(response.status, body); return; }
        render(body);
        statusLine.textContent = summary(body);
      });
    }).catch(function () {
      if (ticket === latest) { statusLine.textContent = "Geen verbinding met de server. Probeer het opnieuw."; }
    });
  }

  function announceCopy(message) {
    copyStatus.textContent = "";
    window.setTimeout(function () { copyStatus.textContent = message; }, 50);
  }

  function fallbackCopy(text) {
    var area = el("textarea", "lk-offscreen");
    area.value = text;
    area.setAttribute("readonly", "");
    document.body.appendChild(area);
    area.select();
    var ok = false;
    try { ok = document.execCommand("copy"); } catch (e) { ok = false; }
    document.body.removeChild(area);
    copyButton.focus();
    return ok;
  }

  function copy() {
    var done = function () { announceCopy("Gekopieerd"); };
    var failed = function () {
      announceCopy(fallbackCopy(copyText) ? "Gekopieerd" : "Kopiëren lukte niet. Selecteer de tekst zelf.");
    };
    if (navigator.clipboard && window.isSecureContext) {
      navigator.clipboard.writeText(copyText).then(done, failed);
    } else {
      failed();
    }
  }

  form.addEventListener("submit", function (event) {
    event.preventDefault();
    search();
  });
  copyButton.addEventListener("click", copy);
  question.addEventListener("input", function () { if (question.value.trim()) { setQuestionError(""); } });
  question.focus();
  // The server kept a question that was sent before this script ran: run that search now.
  if (form.getAttribute("data-resubmit") && question.value.trim()) { search(); }
}());
