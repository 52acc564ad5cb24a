// Running llvm-mca in a subprocess: input in a temporary file, output through a pipe, killed
// after the timeout.
#include "llvmmca.h"

#include "text.h"

#include <fcntl.h>
#include <poll.h>
#include <signal.h>
#include <spawn.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cerrno>
#include <chrono>
#include <cstdlib>
#include <cstring>

extern char **environ;

namespace conceptlab::unrolling {

namespace {
    bool executable(const std::string &path)
    {
        struct stat info { };
        return ::stat(path.c_str(), &info) == 0 && S_ISREG(info.st_mode) && ::access(path.c_str(), X_OK) == 0;
    }

    // Reads the child's output until it closes the pipe or the deadline passes.
    bool readUntil(int fd, std::string &out, std::chrono::steady_clock::time_point deadline)
    {
        char buffer[4096];
        for (;;) {
            const auto left
                = std::chrono::duration_cast<std::chrono::milliseconds>(deadline - std::chrono::steady_clock::now())
                      .count();
            if (left <= 0)
                return false;
            pollfd p { fd, POLLIN, 0 };
            const int ready = ::poll(&p, 1, static_cast<int>(left));
            if (ready < 0 && errno == EINTR)
                continue;
            if (ready <= 0)
                return false;
            const ssize_t n = ::read(fd, buffer, sizeof buffer);
            if (n < 0 && errno == EINTR)
                continue;
            if (n <= 0)
                return true;
            out.append(buffer, static_cast<std::size_t>(n));
        }
    }

    std::optional<std::string> runProcess(const std::vector<std::string> &arguments, int timeoutMs)
    {
        int pipeFds[2];
        if (::pipe2(pipeFds, O_CLOEXEC) != 0)
            return std::nullopt;
        posix_spawn_file_actions_t actions;
        posix_spawn_file_actions_init(&actions);
        posix_spawn_file_actions_adddup2(&actions, pipeFds[1], STDOUT_FILENO);
        posix_spawn_file_actions_addopen(&actions, STDERR_FILENO, "/dev/null", O_WRONLY, 0);
        posix_spawn_file_actions_addopen(&actions, STDIN_FILENO, "/dev/null", O_RDONLY, 0);
        std::vector<char *> argv;
        argv.reserve(arguments.size() + 1);
        for (const std::string &a : arguments)
            argv.push_back(const_cast<char *>(a.c_str()));
        argv.push_back(nullptr);
        pid_t pid = 0;
        const int spawned = ::posix_spawn(&pid, argv[0], &actions, nullptr, argv.data(), environ);
        posix_spawn_file_actions_destroy(&actions);
        ::close(pipeFds[1]);
        if (spawned != 0) {
            ::close(pipeFds[0]);
            return std::nullopt;
        }
        std::string out;
        const bool finished
            = readUntil(pipeFds[0], out, std::chrono::steady_clock::now() + std::chrono::milliseconds(timeoutMs));
        ::close(pipeFds[0]);
        if (!finished)
            ::kill(pid, SIGKILL);
        int status = 0;
        while (::waitpid(pid, &status, 0) < 0 && errno == EINTR) { }
        if (!finished || !WIFEXITED(status) || WEXITSTATUS(status) != 0)
            return std::nullopt;
        return out;
    }
} // namespace

std::string llvmMcaPath()
{
    const char *path = std::getenv("PATH");
    const std::string folders = path != nullptr ? path : "/usr/bin:/bin";
    for (const char *name : { "llvm-mca-14", "llvm-mca" })
        for (std::string_view folder : split(folders, ':')) {
            if (folder.empty())
                continue;
            std::string candidate = std::string(folder) + "/" + name;
            if (executable(candidate))
                return candidate;
        }
    return {};
}

std::string llvmMcaInput(const std::vector<Instruction> &body)
{
    std::string text = ".intel_syntax noprefix\n.Lloop:\n";
    for (const Instruction &ins : body)
        text += ins.branch ? ins.mnemonic + " .Lloop\n" : ins.text() + '\n';
    return text;
}

std::optional<LlvmMcaResult> parseLlvmMcaSummary(std::string_view output)
{
    LlvmMcaResult r;
    bool haveIterations = false;
    bool haveCycles = false;
    for (std::string_view line : split(output, '\n')) {
        const auto colon = line.find(':');
        if (colon == std::string_view::npos)
            continue;
        const std::string_view key = trim(line.substr(0, colon));
        const auto value = parseInteger(trim(line.substr(colon + 1)));
        if (key == "Iterations" && value && *value > 0) {
            r.iterations = static_cast<int>(*value);
            haveIterations = true;
        } else if (key == "Total Cycles" && value && *value > 0) {
            r.totalCycles = *value;
            haveCycles = true;
        }
    }
    if (!haveIterations || !haveCycles)
        return std::nullopt;
    r.cyclesPerIteration = static_cast<double>(r.totalCycles) / r.iterations;
    return r;
}

std::optional<LlvmMcaResult> runLlvmMca(
    const std::vector<Instruction> &body, std::string_view cpu, int iterations, int timeoutMs)
{
    const std::string tool = llvmMcaPath();
    if (tool.empty() || body.empty())
        return std::nullopt;
    const char *tmp = std::getenv("TMPDIR");
    std::string name = std::string(tmp != nullptr && *tmp != '\0' ? tmp : "/tmp") + "/conceptlab-mca-XXXXXX.s";
    const int fd = ::mkstemps(name.data(), 2);
    if (fd < 0)
        return std::nullopt;
    const std::string input = llvmMcaInput(body);
    const bool written = ::write(fd, input.data(), input.size()) == static_cast<ssize_t>(input.size());
    ::close(fd);
    std::optional<std::string> output;
    if (written)
        output = runProcess({ tool, "-mtriple=x86_64-unknown-linux-gnu", "-mcpu=" + std::string(cpu),
                                "-iterations=" + std::to_string(iterations), name },
            timeoutMs);
    ::unlink(name.c_str());
    return output ? parseLlvmMcaSummary(*output) : std::nullopt;
}

} // namespace conceptlab::unrolling
