// Reading a whole file with a size limit, so that a device such as /dev/zero, a pipe or a
// huge file is refused instead of being read until memory runs out.
#pragma once

#include <cstddef>
#include <string>

namespace conceptlab {

/// The contents of `path`, at most `maxBytes` of them. Throws `InputError` naming `what`
/// (a parameter key or "scenario") when the file cannot be read or holds more than
/// `maxBytes` bytes; the size is counted while reading, never taken from the file system.
std::string readFileLimited(const std::string &path, std::size_t maxBytes, const std::string &what);

/// "256 MB", "64 KB", "12 bytes": a byte limit in words for messages.
std::string byteLimitText(std::size_t bytes);

} // namespace conceptlab
