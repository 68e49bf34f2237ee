// Templates embedded from templates/ at build time (cmake/EmbedTemplates.cmake), and
// the one function that fills their @NAME@ placeholders.
#pragma once

#include <map>
#include <string>

namespace l2dc::templates {

// The text of templates/NAME, or nullptr.
const char* find(const char* name);

// Replaces every @KEY@ by its value; an unknown @KEY@ is an internal error (thrown).
std::string fill(const std::string& text, const std::map<std::string, std::string>& values);

}  // namespace l2dc::templates
