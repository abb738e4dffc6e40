/*
 * Sésame – passkey ceremonies (WebAuthn) for the blocks of templates/passkey-fragments.html: registration on the
 * passkeys page, second factor on the /mfa page. The only script of auth-server, loaded from 'self' by the pages under
 * /mfa (their Content-Security-Policy allows script-src 'self' and connect-src 'self', nothing inline).
 *
 * Each block ([data-passkey="register"|"sign-in"]) carries its endpoints, the CSRF header and token, and its messages
 * in the page's language as data attributes. The server speaks Spring Security's WebAuthn JSON: byte fields are
 * base64url strings, which the browser API wants as ArrayBuffers.
 */
"use strict";
(function () {
  // Both blocks may be on one page, each with its script tag: run once.
  if (window.sesamePasskeys) {
    return;
  }
  window.sesamePasskeys = true;

  function decode(base64url) {
    var base64 = base64url.replace(/-/g, "+").replace(/_/g, "/");
    var binary = window.atob(base64);
    var bytes = new Uint8Array(binary.length);
    for (var i = 0; i < binary.length; i++) {
      bytes[i] = binary.charCodeAt(i);
    }
    return bytes.buffer;
  }

  function encode(buffer) {
    var bytes = new Uint8Array(buffer);
    var binary = "";
    for (var i = 0; i < bytes.length; i++) {
      binary += String.fromCharCode(bytes[i]);
    }
    return window.btoa(binary).replace(/\+/g, "-").replace(/\//g, "_").replace(/=+$/, "");
  }

  /** A failure the agent is told about, by the key of one of the block's messages. */
  function Failure(key) {
    this.key = key;
  }

  function post(block, url, body) {
    var headers = { "Content-Type": "application/json", "Accept": "application/json" };
    headers[block.dataset.csrfHeader] = block.dataset.csrfToken;
    return window.fetch(url, {
      method: "POST",
      headers: headers,
      credentials: "same-origin",
      body: (body !== undefined) ? JSON.stringify(body) : undefined
    }).catch(function () {
      throw new Failure("failed");
    });
  }

  // The guard and Spring answer {"error": "..."} or {"authenticated": false}; a refused CSRF token (a page left open
  // past its session) is a 403 without that body.
  function read(response) {
    return response.json().catch(function () {
      return {};
    }).then(function (body) {
      if (response.ok) {
        return body;
      }
      if (body.error === "password_required" || (response.status === 403 && !body.error)) {
        throw new Failure("session");
      }
      if (body.error === "second_factor_required") {
        throw new Failure("secondFactor");
      }
      if (body.error === "no_passkey") {
        throw new Failure("noPasskey");
      }
      throw new Failure("failed");
    });
  }

  function paragraph(text, className) {
    var p = document.createElement("p");
    if (className) {
      p.className = className;
    }
    p.textContent = text;
    return p;
  }

  function say(block, text, className) {
    block.querySelector("[data-passkey-error]").replaceChildren();
    block.querySelector("[data-passkey-status]").replaceChildren(paragraph(text, className));
  }

  function fail(block, text) {
    block.querySelector("[data-passkey-status]").replaceChildren();
    block.querySelector("[data-passkey-error]").replaceChildren(paragraph(text, "alert-error"));
  }

  // Not the disabled attribute: it would throw the keyboard focus off the button while the ceremony runs.
  function busy(block, isBusy) {
    var button = block.querySelector("[data-passkey-start]");
    block.dataset.busy = isBusy ? "true" : "";
    if (isBusy) {
      button.setAttribute("aria-disabled", "true");
    }
    else {
      button.removeAttribute("aria-disabled");
    }
  }

  function message(block, error) {
    var key = (error instanceof Failure) ? error.key : "failed";
    var messages = {
      session: block.dataset.msgSession,
      secondFactor: block.dataset.msgSecondFactor,
      noPasskey: block.dataset.msgNoPasskey,
      cancelled: block.dataset.msgCancelled,
      failed: block.dataset.msgFailed
    };
    return messages[key] || block.dataset.msgFailed;
  }

  // Only to this site: the server sends the interrupted request, never another origin, but the script does not rely
  // on it.
  function sameOrigin(block, url) {
    try {
      var target = new URL(url, window.location.href);
      return (target.origin === window.location.origin) ? target.href : block.dataset.homeUrl;
    }
    catch (ex) {
      return block.dataset.homeUrl;
    }
  }

  function register(block) {
    if (block.dataset.busy) {
      return;
    }
    var input = block.querySelector("[data-passkey-label]");
    var label = input.value.trim();
    if (label.length === 0 || label.length > 64) {
      input.setAttribute("aria-invalid", "true");
      fail(block, block.dataset.msgLabel);
      input.focus();
      return;
    }
    input.removeAttribute("aria-invalid");
    busy(block, true);
    say(block, block.dataset.msgWorking);
    post(block, block.dataset.optionsUrl).then(read).then(function (options) {
      var publicKey = Object.assign({}, options, {
        challenge: decode(options.challenge),
        user: Object.assign({}, options.user, { id: decode(options.user.id) }),
        excludeCredentials: (options.excludeCredentials || []).map(function (credential) {
          return Object.assign({}, credential, { id: decode(credential.id) });
        })
      });
      return navigator.credentials.create({ publicKey: publicKey }).catch(function () {
        // Cancelled, timed out, or this authenticator holds one of the agent's passkeys already (excluded).
        throw new Failure("cancelled");
      });
    }).then(function (credential) {
      var response = credential.response;
      return post(block, block.dataset.ceremonyUrl, {
        publicKey: {
          credential: {
            id: credential.id,
            rawId: encode(credential.rawId),
            response: {
              attestationObject: encode(response.attestationObject),
              clientDataJSON: encode(response.clientDataJSON),
              transports: response.getTransports ? response.getTransports() : []
            },
            type: credential.type,
            clientExtensionResults: credential.getClientExtensionResults(),
            authenticatorAttachment: credential.authenticatorAttachment
          },
          label: label
        }
      });
    }).then(read).then(function (result) {
      if (!result.success) {
        throw new Failure("failed");
      }
      say(block, block.dataset.msgSuccess, "notice");
      // The page, reloaded, lists the new passkey and says so.
      window.location.assign(block.dataset.doneUrl);
    }).catch(function (error) {
      busy(block, false);
      fail(block, message(block, error));
    });
  }

  function signIn(block) {
    if (block.dataset.busy) {
      return;
    }
    busy(block, true);
    say(block, block.dataset.msgWorking);
    post(block, block.dataset.optionsUrl).then(read).then(function (options) {
      var publicKey = Object.assign({}, options, {
        challenge: decode(options.challenge),
        allowCredentials: (options.allowCredentials || []).map(function (credential) {
          return Object.assign({}, credential, { id: decode(credential.id) });
        })
      });
      return navigator.credentials.get({ publicKey: publicKey }).catch(function () {
        throw new Failure("cancelled");
      });
    }).then(function (credential) {
      var response = credential.response;
      return post(block, block.dataset.ceremonyUrl, {
        id: credential.id,
        rawId: encode(credential.rawId),
        response: {
          authenticatorData: encode(response.authenticatorData),
          clientDataJSON: encode(response.clientDataJSON),
          signature: encode(response.signature),
          userHandle: response.userHandle ? encode(response.userHandle) : null
        },
        type: credential.type,
        clientExtensionResults: credential.getClientExtensionResults(),
        authenticatorAttachment: credential.authenticatorAttachment
      });
    }).then(read).then(function (result) {
      if (!result.authenticated || !result.redirectUrl) {
        throw new Failure("failed");
      }
      say(block, block.dataset.msgSuccess, "notice");
      window.location.assign(sameOrigin(block, result.redirectUrl));
    }).catch(function (error) {
      busy(block, false);
      fail(block, message(block, error));
    });
  }

  function setUp(block) {
    if (!window.PublicKeyCredential || !navigator.credentials || !window.fetch) {
      say(block, block.dataset.msgUnsupported);
      return;
    }
    var controls = block.querySelector("[data-passkey-controls]");
    controls.hidden = false;
    if (block.dataset.passkey === "register") {
      // A form, so that Enter in the name field starts the ceremony; it is never sent as such.
      controls.addEventListener("submit", function (event) {
        event.preventDefault();
        register(block);
      });
    }
    else {
      block.querySelector("[data-passkey-start]").addEventListener("click", function () {
        signIn(block);
      });
    }
  }

  function start() {
    document.querySelectorAll("[data-passkey]").forEach(setUp);
  }

  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", start);
  }
  else {
    start();
  }
})();
