# Writes OUTPUT: a C++ source defining polytomic::license::vendorPublicKey()
# with the bytes of FILE (hex-encoded, so any text survives).
file(READ ${FILE} hex HEX)
string(REGEX REPLACE "([0-9a-f][0-9a-f])" "'\\\\x\\1'," bytes "${hex}")
file(WRITE ${OUTPUT} "// Generated from ${FILE}; do not edit.\n#include \"license/VendorPublicKey.h\"\n\nnamespace polytomic {\nnamespace license {\n\nconst std::string& vendorPublicKey()\n{\n\tstatic const std::string key({${bytes}});\n\treturn key;\n}\n\n} } // namespace polytomic::license\n")
