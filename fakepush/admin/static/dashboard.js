// The fakepush dashboard: polls dashboard.json every second and redraws the tables; its
// controls call the admin API (docs/admin.md). Every value is rendered with textContent,
// never innerHTML: device ids, tokens and request paths come from clients and may hold
// markup. No inline script or handler attribute: the page's CSP allows this file only.
"use strict";

(function () {
  const REFRESH_MS = 1000;
  const token = new URLSearchParams(window.location.search).get("token");
  const adminRoot = window.location.href.split("?")[0].replace(/\/?$/, "/");
  const dataUrl = new URL("dashboard.json", adminRoot);
  let lastRequests = [];
  let selectedRecord = null;

  // A cell that holds a number, a time or an id: never broken across lines (CSS td.num).
  function num(value, className) {
    return { value: value, className: className ? "num " + className : "num" };
  }

  function text(value) {
    if (value === null || value === undefined) return "";
    if (typeof value === "object") return JSON.stringify(value);
    return String(value);
  }

  function isoTime(ms) {
    if (typeof ms !== "number") return text(ms);
    const date = new Date(ms);
    return isNaN(date.getTime()) ? String(ms) : date.toISOString();
  }

  function setText(id, value) {
    document.getElementById(id).textContent = text(value);
  }

  function fillTable(id, rows, columns) {
    const body = document.querySelector("#" + id + " tbody");
    const fresh = document.createElement("tbody");
    if (rows.length === 0) {
      const tr = document.createElement("tr");
      const td = document.createElement("td");
      td.colSpan = columns;
      td.className = "empty";
      td.textContent = "none";
      tr.appendChild(td);
      fresh.appendChild(tr);
    }
    for (const row of rows) {
      const tr = document.createElement("tr");
      const cells = Array.isArray(row) ? row : row.cells;
      if (!Array.isArray(row) && row.recordId !== undefined) {
        tr.dataset.recordId = String(row.recordId);
        if (row.recordId === selectedRecord) tr.className = "selected";
      }
      for (const cell of cells) {
        const td = document.createElement("td");
        if (cell !== null && typeof cell === "object" && "value" in cell) {
          td.textContent = text(cell.value);
          if (cell.className) td.className = cell.className;
        } else {
          td.textContent = text(cell);
        }
        tr.appendChild(td);
      }
      fresh.appendChild(tr);
    }
    body.replaceWith(fresh);
  }

  // A cell the server sent: a value, {value, className}, or {time: epoch ms, className}.
  function cellOf(cell) {
    if (cell !== null && typeof cell === "object" && "time" in cell) {
      return { value: isoTime(cell.time), className: cell.className };
    }
    return cell;
  }

  // Each provider's sections (dashboard.json "providers"): built once per set of tables,
  // their bodies refilled on every refresh. A section's tables stand side by side.
  let sectionsKey = null;

  function buildSections(providers) {
    const holder = document.getElementById("provider-sections");
    const fresh = document.createElement("div");
    fresh.id = "provider-sections";
    for (const provider of providers) {
      for (const tables of provider.sections) {
        const section = document.createElement("section");
        if (tables.length > 1) section.className = "pair";
        for (const table of tables) {
          const box = tables.length > 1 ? document.createElement("div") : section;
          const heading = document.createElement("h2");
          heading.textContent = table.title;
          if (table.count) {
            const count = document.createElement("span");
            count.className = "count";
            count.id = table.id + "-count";
            heading.append(" ", count);
          }
          const element = document.createElement("table");
          element.id = table.id;
          const head = element.createTHead().insertRow();
          for (const column of table.columns) {
            const th = document.createElement("th");
            th.textContent = column;
            head.appendChild(th);
          }
          element.appendChild(document.createElement("tbody"));
          box.append(heading, element);
          if (box !== section) section.appendChild(box);
        }
        fresh.appendChild(section);
      }
    }
    holder.replaceWith(fresh);
  }

  function renderProviders(providers) {
    const key = JSON.stringify(providers.map((p) => p.sections.map((t) => t.map((x) => [x.id, x.title, x.columns]))));
    if (key !== sectionsKey) {
      buildSections(providers);
      sectionsKey = key;
    }
    for (const provider of providers) {
      for (const tables of provider.sections) {
        for (const table of tables) {
          if (table.count) setText(table.id + "-count", "(" + table.rows.length + ")");
          fillTable(table.id, table.rows.map((row) => row.map(cellOf)), table.columns.length);
        }
      }
    }
  }

  function render(data) {
    const clock = data.clock;
    setText("clock-now", isoTime(clock.now));
    setText("clock-frozen", clock.frozen ? "yes" : "no");
    setText("clock-offset", clock.offset_ms + " ms");
    setText("profile", data.config.profile);
    const profileSelect = document.getElementById("control-profile");
    if (document.activeElement !== profileSelect) profileSelect.value = data.config.profile;

    const apps = [];
    for (const provider of data.providers) {
      for (const cells of provider.apps) apps.push([provider.name, ...cells]);
    }
    fillTable("apps", apps, 4);
    renderProviders(data.providers);

    fillTable("faults", data.faults.map((f) => [num(f.id), f.provider || "any", f.method || "any", f.path || "any",
      num(f.status), num(f.delay_ms), f.drop ? "yes" : "no", num(f.remaining === null ? "always" : f.remaining)]), 8);

    lastRequests = data.requests;
    setText("requests-count", "(" + data.requests_total + ", newest first)");
    renderRequests();
    renderOutbox(data.pushes, data.push_cards);

    const pushes = data.pushes.slice().reverse().map((p) => [p.id, isoTime(p.at), p.provider,
      p.app_id, p.channel, p.service, p.token, p.device_id,
      { value: p.error ? p.status + ": " + p.error : p.status,
        className: p.status === "sent" ? "status-ok" : "status-bad" },
      JSON.stringify(p.payload)]);
    setText("pushes-count", "(" + data.pushes_total + ", newest first)");
    fillTable("pushes", pushes, 10);
  }

  function renderRequests() {
    const words = document.getElementById("journal-filter").value.toLowerCase().split(/\s+/).filter(Boolean);
    const shown = lastRequests.slice().reverse().filter((r) => {
      const haystack = [r.method, r.path, r.status, r.operation, r.app_id, r.provider, r.profile, r.error_code]
        .map(text).join(" ").toLowerCase();
      return words.every((word) => haystack.includes(word));
    });
    fillTable("requests", shown.map((r) => ({ recordId: r.id, cells: [num(r.id), num(isoTime(r.at)), r.method, r.path,
      r.operation, r.app_id, num(r.status, r.status >= 400 ? "status-bad" : "status-ok"),
      num(r.error_code), num(r.duration_ms)] })), 9);
    if (selectedRecord !== null) showRecord(selectedRecord);
  }

  function showRecord(id) {
    const record = lastRequests.find((r) => r.id === id);
    const detail = document.getElementById("record-detail");
    if (record === undefined) { detail.hidden = true; return; }
    detail.hidden = false;
    setText("record-title", "#" + record.id + " " + record.method + " " + record.path + " -> " + record.status +
      (record.profile ? " (profile " + record.profile + ")" : ""));
    document.getElementById("record-request").textContent = pretty(record.request);
    document.getElementById("record-response").textContent = pretty(record.response);
  }

  function pretty(body) {
    if (body === null || body === undefined) return "(no body)";
    return typeof body === "string" ? body : JSON.stringify(body, null, 2);
  }

  // Each card's title and body come from the server (push_cards, in the order of pushes):
  // the push's provider knows which payload keys hold them.
  function renderOutbox(pushes, cards) {
    const box = document.getElementById("outbox");
    const fresh = document.createElement("div");
    fresh.id = "outbox";
    fresh.className = "cards";
    const list = Array.isArray(pushes) ? pushes : [];
    setText("outbox-count", "(" + list.length + ")");
    if (list.length === 0) {
      const note = document.createElement("p");
      note.className = "empty-note";
      note.textContent = Array.isArray(pushes) ? "no pushes yet" : "no outbox in this fake";
      fresh.appendChild(note);
    }
    const groups = new Map();
    const cardOf = new Map(list.map((push, index) => [push, (cards || [])[index]]));
    for (const push of list) {
      const who = push.device_id ? "device " + push.device_id : push.user_id ? "user " + push.user_id : "token " + push.token;
      const key = push.provider + " " + push.app_id + " · " + who;
      if (!groups.has(key)) groups.set(key, []);
      groups.get(key).push(push);
    }
    for (const [key, items] of groups) {
      const group = document.createElement("div");
      group.className = "recipient";
      const heading = document.createElement("h3");
      heading.textContent = key;
      const stack = document.createElement("div");
      stack.className = "stack";
      for (const push of items.slice().reverse()) {
        const card = document.createElement("div");
        card.className = "card";
        card.dataset.pushId = String(push.id);
        const shown = cardOf.get(push) || { title: "", body: "" };
        for (const [className, value] of [["card-title", shown.title], ["card-body", shown.body],
          ["card-meta", text(push.service) + " · " + isoTime(push.at) + " · " + push.status]]) {
          const line = document.createElement("div");
          line.className = className;
          line.textContent = value;
          card.appendChild(line);
        }
        stack.appendChild(card);
      }
      group.append(heading, stack);
      fresh.appendChild(group);
    }
    box.replaceWith(fresh);
  }

  async function admin(method, path, body) {
    const result = document.getElementById("control-result");
    const headers = token ? { Authorization: "Bearer " + token } : {};
    if (body !== undefined) headers["Content-Type"] = "application/json";
    try {
      const response = await fetch(new URL(path, adminRoot), {
        method: method, headers: headers, cache: "no-store",
        body: body === undefined ? undefined : JSON.stringify(body),
      });
      const data = await response.json();
      if (!response.ok) throw new Error(data.message || "HTTP " + response.status);
      result.className = "status";
      result.textContent = method + " " + path + ": done";
    } catch (error) {
      result.className = "status error";
      result.textContent = method + " " + path + ": " + error.message;
    }
    await refreshOnce();
  }

  function numberInput(id) {
    const raw = document.getElementById(id).value.trim();
    return raw === "" ? null : Number(raw);
  }

  function wireControls() {
    const on = (id, handler) => document.getElementById(id).addEventListener("click", handler);
    on("control-reset", () => admin("POST", "reset"));
    on("control-freeze", async () => {
      const headers = token ? { Authorization: "Bearer " + token } : {};
      const clock = await (await fetch(new URL("clock", adminRoot), { headers: headers, cache: "no-store" })).json();
      await admin("PUT", "clock", { frozen_at: clock.now });
    });
    on("control-advance", () => admin("PUT", "clock", { advance_ms: (numberInput("control-advance-minutes") || 0) * 60000 }));
    on("control-unfreeze", () => admin("DELETE", "clock"));
    on("control-add-fault", () => {
      const fault = { status: numberInput("fault-status"), times: numberInput("fault-times") };
      const provider = document.getElementById("fault-provider").value;
      const method = document.getElementById("fault-method").value;
      if (provider) fault.provider = provider;
      if (method) fault.method = method;
      return admin("POST", "faults", fault);
    });
    on("control-clear-faults", () => admin("DELETE", "faults"));
    document.getElementById("control-profile").addEventListener("change", (event) =>
      admin("PUT", "config", { profile: event.target.value }));
    document.getElementById("journal-filter").addEventListener("input", renderRequests);
    document.querySelector("#requests").addEventListener("click", (event) => {
      const row = event.target.closest("tr[data-record-id]");
      if (row === null) return;
      selectedRecord = Number(row.dataset.recordId);
      renderRequests();
    });
  }

  async function refreshOnce() {
    const status = document.getElementById("status");
    try {
      const headers = token ? { Authorization: "Bearer " + token } : {};
      const response = await fetch(dataUrl, { headers: headers, cache: "no-store" });
      const data = await response.json();
      if (!response.ok) throw new Error(data.message || "HTTP " + response.status);
      render(data);
      status.className = "status";
      status.textContent = "updated " + new Date().toLocaleTimeString();
    } catch (error) {
      status.className = "status error";
      status.textContent = "cannot reach the fake: " + error.message;
    }
  }

  async function refresh() {
    try {
      await refreshOnce();
    } finally {
      window.setTimeout(refresh, REFRESH_MS);
    }
  }

  wireControls();
  refresh();
})();
