// Passkeys: connects the pages' passkey forms to allauth's WebAuthn helpers (mfa/js/webauthn.js,
// served from our own static files). Each form says what it is with data-passkey="login|add|
// authenticate"; without JavaScript those forms stay hidden and the password forms work alone.
(function () {
  'use strict'
  const forms = window.allauth && window.allauth.webauthn && window.allauth.webauthn.forms
  if (!forms || !window.PublicKeyCredential) return

  let current = null
  function showError (form) {
    const message = form && form.querySelector('.passkey-error')
    if (message) message.hidden = false
  }
  // allauth reports a refused or failed ceremony with this event; we show the form's own
  // message instead of a console error.
  document.addEventListener('allauth.error', function (event) {
    event.preventDefault()
    showError(current)
  })

  document.querySelectorAll('[data-passkey]').forEach(function (form) {
    const kind = form.dataset.passkey
    const button = form.querySelector('[data-passkey-button]') || form.querySelector('button')
    const credential = form.querySelector('input[name="credential"]')
    if (!button || !credential) return
    const ids = { credential: credential.id, data: form.dataset.passkeyData }
    form.hidden = false
    button.addEventListener('click', function () { current = form }, true)
    if (kind === 'login') {
      ids.login = button.id
      forms.loginForm({ ids })
    } else if (kind === 'add') {
      ids.add = button.id
      const passwordless = form.querySelector('input[name="passwordless"]')
      if (passwordless) ids.passwordless = passwordless.id
      forms.addForm({ ids })
    } else if (kind === 'authenticate') {
      ids.authenticate = button.id
      forms.authenticateForm({ ids })
    }
  })
})()
