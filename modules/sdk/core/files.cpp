// Bounded file reading (see files.h).
#include "files.h"

#include "session.h"
#include "text.h"

#include <cerrno>
#include <cstring>
#include <fstream>
#include <vector>

namespace conceptlab {

std::string byteLimitText(std::size_t bytes)
{
    constexpr std::size_t kKilo = 1024;
    if (bytes >= kKilo * kKilo && bytes % (kKilo * kKilo) == 0)
        return formatInteger(static_cast<std::int64_t>(bytes / (kKilo * kKilo))) + " MB";
    if (bytes >= kKilo && bytes % kKilo == 0)
        return formatInteger(static_cast<std::int64_t>(bytes / kKilo)) + " KB";
    return formatInteger(static_cast<std::int64_t>(bytes)) + " bytes";
}

std::string readFileLimited(const std::string &path, std::size_t maxBytes, const std::string &what)
{
    std::ifstream in(path, std::ios::binary);
    if (path.empty() || !in) {
        const int error = errno;
        throw InputError(
            what + ": cannot read " + quoted(path) + (error != 0 ? ": " + std::string(std::strerror(error)) : ""));
    }
    std::string contents;
    std::vector<char> chunk(std::size_t { 1 } << 16);
    while (in) {
        in.read(chunk.data(), static_cast<std::streamsize>(chunk.size()));
        const auto got = static_cast<std::size_t>(in.gcount());
        if (contents.size() + got > maxBytes)
            throw InputError(what + ": " + quoted(path) + " holds more than " + byteLimitText(maxBytes)
                + ", the most that is read from one file");
        contents.append(chunk.data(), got);
    }
    if (in.bad())
        throw InputError(what + ": cannot read " + quoted(path) + ": read error");
    return contents;
}

} // namespace conceptlab
