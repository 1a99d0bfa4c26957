// The issuance screen (templates/polling/tablet.html, R-POLL-3). Search as one types; one touch
// issues. Each issue carries a key made here; a request that gets no answer (a dropped network, a
// server restarting) is sent again with the same key until the server answers, and the server
// returns the first issue for a key it has seen, so a retry never issues twice. The pending issue
// is kept in sessionStorage, so a reload of the page still sends it.
(function () {
  "use strict";
  const app = document.getElementById("issue-app");
  const placeSelect = document.getElementById("issue-place");
  if (!app || !placeSelect) return;
  const search = document.getElementById("issue-search");
  const results = document.getElementById("issue-results");
  const message = document.getElementById("issue-message");
  const connection = document.getElementById("issue-connection");
  const token = document.querySelector('meta[name="csrf-token"]').content;
  const t = (name, values) => {
    let text = app.dataset["t" + name] || "";
    for (const [k, v] of Object.entries(values || {})) text = text.split("{" + k + "}").join(v);
    return text;
  };
  const PENDING = "issue-pending";
  let searchAbort = null;
  let searchTimer = null;
  let retryDelay = 1000;

  function placeId() { return placeSelect.value; }
  function election() { return placeSelect.selectedOptions[0].dataset.election; }
  function url(template, values) {
    return Object.entries(values).reduce((u, [k, v]) => u.replace("{" + k + "}", encodeURIComponent(v)), template);
  }
  function newKey() {
    if (window.crypto && crypto.randomUUID) return crypto.randomUUID();
    const b = crypto.getRandomValues(new Uint8Array(16));  // also outside a secure context
    b[6] = (b[6] & 0x0f) | 0x40; b[8] = (b[8] & 0x3f) | 0x80;
    const h = Array.from(b, (x) => x.toString(16).padStart(2, "0")).join("");
    return `${h.slice(0, 8)}-${h.slice(8, 12)}-${h.slice(12, 16)}-${h.slice(16, 20)}-${h.slice(20)}`;
  }
  function time(iso) {
    const d = new Date(iso);
    // Beijing time, whatever the tablet's own clock is set to: the day is Beijing's.
    return d.toLocaleTimeString([], { hour: "2-digit", minute: "2-digit", timeZone: "Asia/Shanghai", hour12: false });
  }
  function say(kind, text) {
    message.className = "issue-message " + kind;
    message.textContent = text;
  }
  function online(yes, text) {
    connection.className = "issue-connection " + (yes ? "online" : "offline");
    connection.textContent = text || (yes ? t("Online") : t("OfflineShort"));
  }

  function render(people) {
    results.replaceChildren();
    if (!people.length && search.value.trim()) {
      const li = document.createElement("li");
      li.className = "text-muted fs-4";
      li.textContent = t("None");
      results.append(li);
      return;
    }
    for (const person of people) {
      const li = document.createElement("li");
      li.dataset.card = person.card;
      const who = document.createElement("div");
      who.className = "issue-person";
      const name = document.createElement("div");
      name.className = "issue-name";
      name.textContent = person.name;
      const meta = document.createElement("div");
      meta.className = "issue-meta";
      const card = document.createElement("span");
      card.className = "issue-card";
      card.textContent = `${t("Card")} ${person.card}`;
      meta.append(card, ` · ${t("Household")} ${person.household}`);
      if (!person.elector) meta.append(` · ${t("NotElector")}`);
      who.append(name, meta);
      li.append(who);
      if (person.elector) li.append(action(person.issued, t("Issue"), { card: person.card, name: person.name }));
      if (person.proxies.length) {
        const box = document.createElement("div");
        box.className = "issue-proxy";
        for (const principal of person.proxies) {
          box.append(action(principal.issued, t("IssueFor", { name: principal.name }),
            { card: principal.card, name: principal.name, holder: person.card, holderName: person.name }));
        }
        li.append(box);
      }
      results.append(li);
    }
  }

  function action(issued, label, request) {
    if (issued) {
      const done = document.createElement("div");
      done.className = "issue-done";
      done.textContent = `${request.holder ? request.name + "：" : ""}${t("IssuedAt", { place: issued.place, time: time(issued.at) })}`;
      return done;
    }
    const button = document.createElement("button");
    button.type = "button";
    button.className = "btn btn-primary issue-button";
    button.textContent = label;
    button.addEventListener("click", () => {
      button.disabled = true;
      send({ ...request, key: newKey(), place: placeId() });
    });
    return button;
  }

  function lookup() {
    const q = search.value.trim();
    if (searchAbort) searchAbort.abort();
    if (!q) { results.replaceChildren(); return; }
    searchAbort = new AbortController();
    fetch(url(app.dataset.votersUrl, { id: placeId() }) + "?q=" + encodeURIComponent(q),
      { signal: searchAbort.signal, headers: { Accept: "application/json" } })
      .then((r) => r.ok ? r.json() : Promise.reject(r))
      .then((people) => { online(true); render(people); })
      .catch((e) => { if (e.name !== "AbortError") online(false); });
  }

  function send(pending) {
    sessionStorage.setItem(PENDING, JSON.stringify(pending));
    const body = { card: pending.card, key: pending.key };
    if (pending.holder) body.holder = pending.holder;
    fetch(url(app.dataset.issueUrl, { id: pending.place }), {
      method: "POST", body: JSON.stringify(body),
      headers: { "Content-Type": "application/json", Accept: "application/json", "X-CSRFToken": token },
    }).then((r) => {
      if (r.status >= 500) return Promise.reject(new Error(String(r.status)));
      return r.json().then((answer) => ({ status: r.status, answer }));
    }).then(({ status, answer }) => {
      sessionStorage.removeItem(PENDING);
      retryDelay = 1000;
      online(true);
      if (status === 200 || status === 201) {
        say("ok", pending.holder ? t("DoneProxy", { principal: pending.name, holder: pending.holderName })
          : t("Done", { name: answer.name }));
        search.value = "";
        results.replaceChildren();
        refreshTurnout();
      } else {
        say("refused", answer.error || String(status));
        lookup();
      }
      search.focus();
    }).catch(() => {
      online(false);
      say("pending", t("Offline"));
      setTimeout(() => { online(false, t("Retrying")); send(pending); }, retryDelay);
      retryDelay = Math.min(retryDelay * 2, 10000);
    });
  }

  function refreshTurnout() {
    fetch(url(app.dataset.turnoutUrl, { code: election() }), { headers: { Accept: "application/json" } })
      .then((r) => r.ok ? r.json() : Promise.reject(r))
      .then((figures) => {
        const here = figures.places.find((p) => String(p.id) === placeId());
        document.getElementById("issue-issued").textContent = here ? here.issued : figures.issued;
        document.getElementById("issue-electorate").textContent = here ? here.electorate : figures.electorate;
      })
      .catch(() => {});
  }

  search.addEventListener("input", () => {
    clearTimeout(searchTimer);
    searchTimer = setTimeout(lookup, 120);
  });
  placeSelect.addEventListener("change", () => { lookup(); refreshTurnout(); search.focus(); });
  window.addEventListener("offline", () => online(false));
  window.addEventListener("online", () => online(true));
  const left = sessionStorage.getItem(PENDING);
  if (left) send(JSON.parse(left));
  refreshTurnout();
  setInterval(refreshTurnout, 5000);
  search.focus();
}());
