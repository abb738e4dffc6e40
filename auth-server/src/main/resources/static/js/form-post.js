/*
 * Sésame – posts the authorization response to the client (response_mode=form_post), as soon as the page is read.
 * Loaded only by templates/authorization-form-post.html, whose Content-Security-Policy allows script-src 'self'.
 */
document.getElementById('form-post').submit();
