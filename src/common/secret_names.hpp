#pragma once
// The one list of names that say a value is a secret: a feeder's columns,
// an extraction, a form field, a query parameter, a header, a cookie, a key
// of the configuration a report shows. Every output that may meet one asks
// here, so that a name the feeder hides is hidden by the redactor too.
#include <string_view>

namespace rollcall {

// True when `name`, folded (letters and digits only, lower case), contains
// one of: password, passwd, pwd, passphrase, token, secret, apikey,
// authorization, cookie, session, privatekey, credential, ticket (CAS's
// service and granting tickets), saml (SAMLRequest, SAMLResponse),
// relaystate, csrf, xsrf, execution (CAS's login flow state), assertion.
bool looks_secret(std::string_view name);

}  // namespace rollcall
