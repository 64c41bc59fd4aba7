// The fakepush dashboard: polls dashboard.json every second and redraws the tables.
// Every value is rendered with textContent, never innerHTML: device ids, tokens and
// request paths come from clients and may hold markup.
"use strict";

(function () {
  const REFRESH_MS = 1000;
  const token = new URLSearchParams(window.location.search).get("token");
  const dataUrl = new URL("dashboard.json", window.location.href.split("?")[0].replace(/\/?$/, "/"));

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
      for (const cell of row) {
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

  function sendbirdTokens(user) {
    const tokens = user.tokens !== undefined ? user.tokens : user.push_tokens;
    if (tokens === undefined || tokens === null) return "";
    if (Array.isArray(tokens)) return tokens.map(text).join(", ");
    return Object.keys(tokens)
      .filter((type) => Array.isArray(tokens[type]) ? tokens[type].length : tokens[type])
      .map((type) => type + ": " + (Array.isArray(tokens[type]) ? tokens[type].join(", ") : text(tokens[type])))
      .join("; ");
  }

  function render(data) {
    const clock = data.clock;
    setText("clock-now", isoTime(clock.now));
    setText("clock-frozen", clock.frozen ? "yes" : "no");
    setText("clock-offset", clock.offset_ms + " ms");
    setText("profile", data.config.profile);

    const apps = [];
    for (const app of data.config.backendless_apps || []) {
      apps.push(["backendless", app.app_id, "api_key " + app.api_key, app.subdomain]);
    }
    for (const app of data.config.sendbird_apps || []) {
      const secondary = (app.secondary_tokens || []).length ? " (+" + app.secondary_tokens.length + " secondary)" : "";
      apps.push(["sendbird", app.app_id, "api_token " + app.api_token + secondary, ""]);
    }
    fillTable("apps", apps, 4);

    const backendless = (data.state.backendless || {}).apps || [];
    const registrations = [], channels = [], users = [];
    for (const app of backendless) {
      for (const row of app.registrations || []) {
        registrations.push([app.app_id, row.deviceId, row.channel, row.os, row.osVersion, row.deviceToken,
          row.expiration === null ? "never" : isoTime(row.expiration), row.ownerId, isoTime(row.updated)]);
      }
      for (const channel of app.channels || []) channels.push([app.app_id, channel]);
      for (const user of app.users || []) users.push([app.app_id, user.objectId, user["user-token"]]);
    }
    setText("registrations-count", "(" + registrations.length + ")");
    fillTable("registrations", registrations, 9);
    fillTable("channels", channels, 2);
    fillTable("user-tokens", users, 3);

    const sendbird = (data.state.sendbird || {}).apps || [];
    const sendbirdUsers = [];
    for (const app of sendbird) {
      for (const user of app.users || []) {
        sendbirdUsers.push([app.app_id, user.user_id, user.nickname, sendbirdTokens(user)]);
      }
    }
    setText("sendbird-count", "(" + sendbirdUsers.length + ")");
    fillTable("sendbird-users", sendbirdUsers, 4);

    fillTable("faults", data.faults.map((f) => [f.id, f.provider || "any", f.method || "any", f.path || "any",
      f.status, f.delay_ms, f.drop ? "yes" : "no", f.remaining === null ? "always" : f.remaining]), 8);

    const requests = data.requests.slice().reverse().map((r) => [r.id, isoTime(r.at), r.method, r.path,
      r.operation, r.app_id, { value: r.status, className: r.status >= 400 ? "status-bad" : "status-ok" },
      r.error_code, r.duration_ms]);
    setText("requests-count", "(" + data.requests_total + ", newest first)");
    fillTable("requests", requests, 9);

    const pushes = data.pushes.slice().reverse().map((p) => [p.id, isoTime(p.at), p.provider,
      p.app_id, p.channel, p.service, p.token, p.device_id,
      { value: p.error ? p.status + ": " + p.error : p.status,
        className: p.status === "sent" ? "status-ok" : "status-bad" },
      JSON.stringify(p.payload)]);
    setText("pushes-count", "(" + data.pushes_total + ", newest first)");
    fillTable("pushes", pushes, 10);
  }

  async function refresh() {
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
    } finally {
      window.setTimeout(refresh, REFRESH_MS);
    }
  }

  refresh();
})();
