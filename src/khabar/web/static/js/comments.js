// Comment forms without a page reload (progressive enhancement).
//
// Without this script every form posts and the server redirects to the author's edit page.
// With it, a form is sent with fetch to the JSON twin of its action (`…/comments.json`, the
// same fields, form-encoded), and the answer is put into the page: the new comment where the
// server placed it (a reply to a depth-5 comment is stored beside it, so the server's
// `parent_id` decides), its moderation status, the author's 15-minute edit link, or the
// error message. Text goes in as text; only `comment.html`, the server's nh3-cleaned body,
// goes in as HTML, exactly as the server's own page shows it. No inline code: the CSP forbids it.
"use strict";

(() => {
  const section = document.querySelector("section.comments");
  if (!section || !window.fetch) {
    return;
  }
  const mainForm = section.querySelector("#respond + form.comment-form");

  function element(tag, attributes, text) {
    const node = document.createElement(tag);
    for (const [name, value] of Object.entries(attributes || {})) {
      node.setAttribute(name, value);
    }
    if (text !== undefined) {
      node.textContent = text;
    }
    return node;
  }

  function clearMessages(form) {
    for (const old of form.querySelectorAll(".form-error")) {
      old.remove();
    }
  }

  function showError(form, message) {
    clearMessages(form);
    const box = element("p", { class: "form-error", role: "alert" }, message);
    form.prepend(box);
    box.scrollIntoView({ block: "nearest" });
  }

  function updateCount() {
    const heading = section.querySelector("h2.reply-count");
    const count = Number(heading.dataset.count || "0") + 1;
    heading.dataset.count = String(count);
    heading.textContent = count === 1 ? "1 reply" : `${count} replies`;
  }

  function replyForm(comment, sent) {
    const form = mainForm.cloneNode(true);
    clearMessages(form);
    form.append(element("input", { type: "hidden", name: "parent_id", value: String(comment.id) }));
    for (const name of ["name", "email", "website"]) {
      form.elements[name].value = sent.get(name) || "";
    }
    form.elements.body.value = "";
    form.querySelector("button[type=submit]").textContent = "Post Reply";
    enhance(form);
    const details = element("details", { class: "reply" });
    details.append(element("summary", {}, "Reply"), form);
    return details;
  }

  function commentItem(posted, sent) {
    const comment = posted.comment;
    const item = element("li", {
      class: `comment depth-${comment.depth} just-posted`,
      id: `comment-${comment.id}`,
      tabindex: "-1",
    });
    const meta = element("div", { class: "comment-meta" });
    meta.append(element("img", { class: "avatar", src: comment.avatar, alt: "", width: "32", height: "32" }));
    const author = element("strong");
    if (comment.website) {
      const rel = "nofollow ugc noopener noreferrer";
      author.append(element("a", { href: comment.website, rel }, comment.author_name));
    } else {
      author.textContent = comment.author_name;
    }
    const stamp = `${comment.created_at.slice(0, 16).replace("T", " ")} UTC`;
    meta.append(author, " ", element("a", { class: "muted", href: `#comment-${comment.id}` }, stamp));
    const body = element("div", { class: "comment-body" });
    const cleaned = document.createElement("template");
    cleaned.innerHTML = comment.html;
    body.append(cleaned.content);
    const status =
      posted.status === "pending"
        ? "Thank you. Your comment is awaiting moderation and will appear once a moderator approves it."
        : "Thank you. Your comment is published.";
    const notice = element("p", { class: "notice", role: "status" }, `${status} `);
    notice.append(element("a", { class: "manage", href: posted.manage_url }, "Edit or delete it"));
    notice.append(" within 15 minutes.");
    item.append(meta, body, notice);
    if (posted.status === "approved") {
      item.append(replyForm(comment, sent));
    }
    return item;
  }

  function place(item, parentId) {
    const parent = parentId === null ? section : document.getElementById(`comment-${parentId}`);
    let list = parent && parent.querySelector(":scope > ol.thread");
    if (!list) {
      list = element("ol", { class: "thread" });
      if (parent && parent !== section) {
        parent.append(list);
      } else {
        section.querySelector("h2.reply-count").after(list);
      }
    }
    list.append(item);
  }

  async function send(event) {
    const form = event.currentTarget;
    event.preventDefault();
    const button = form.querySelector("button[type=submit]");
    const sent = new FormData(form);
    button.disabled = true;
    try {
      const response = await fetch(`${form.getAttribute("action")}.json`, {
        method: "POST",
        body: new URLSearchParams(sent),
        headers: { Accept: "application/json" },
        credentials: "same-origin",
      });
      let answer = null;
      try {
        answer = await response.json();
      } catch {
        answer = null;
      }
      if (!response.ok || !answer || !answer.comment) {
        const message = answer && answer.error ? answer.error.message : `The server answered ${response.status}.`;
        showError(form, message);
        return;
      }
      clearMessages(form);
      const item = commentItem(answer, sent);
      place(item, answer.comment.parent_id);
      if (answer.status === "approved") {
        updateCount();
      }
      form.elements.body.value = "";
      const details = form.closest("details.reply");
      if (details) {
        details.open = false;
      }
      item.focus();
    } catch {
      showError(form, "The comment could not be sent; check the connection and try again.");
    } finally {
      button.disabled = false;
    }
  }

  function enhance(form) {
    form.addEventListener("submit", send);
  }

  for (const form of section.querySelectorAll("form.comment-form")) {
    enhance(form);
  }
})();
