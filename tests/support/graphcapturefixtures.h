// Test and benchmark helpers for graphcapture: example programs from resources/graphcapture
// and a generated 300-line program.
#pragma once

#include <fstream>
#include <sstream>
#include <string>

namespace conceptlab::graphcapture::fixtures {

/// The source of resources/graphcapture/<name>.py ("" when missing); needs
/// GRAPHCAPTURE_EXAMPLES_DIR defined by the build.
inline std::string exampleProgram(const std::string &name)
{
#ifdef GRAPHCAPTURE_EXAMPLES_DIR
    std::ifstream in(std::string(GRAPHCAPTURE_EXAMPLES_DIR) + "/" + name + ".py");
    std::stringstream text;
    text << in.rdbuf();
    return text.str();
#else
    (void)name;
    return {};
#endif
}

/// 300 lines: blocks of straight-line code, branches and loops over [4, 4] tensors,
/// `def f(x, w)`.
inline std::string program300()
{
    std::string body;
    int lines = 2;
    int k = 0;
    while (lines < 299) {
        const std::string v = "v" + std::to_string(k), p = k ? "v" + std::to_string(k - 1) : "x";
        switch (k % 4) {
        case 0:
            body += "    " + v + " = torch.relu(" + p + " @ w + " + p + ")\n";
            lines += 1;
            break;
        case 1:
            body += "    if " + p + ".sum() > 0:\n        " + v + " = torch.tanh(" + p + ")\n    else:\n        " + v
                + " = " + p + " * 0.5\n";
            lines += 4;
            break;
        case 2:
            body += "    " + v + " = " + p + "\n    for i in range(2):\n        " + v + " = torch.sigmoid(" + v + ") + "
                + p + " * 0.25\n";
            lines += 3;
            break;
        default:
            body += "    " + v + " = torch.softmax(" + p + ", dim=1) - " + p + ".mean()\n";
            lines += 1;
            break;
        }
        ++k;
    }
    return "def f(x, w):\n" + body + "    return v" + std::to_string(k - 1) + "\n";
}

} // namespace conceptlab::graphcapture::fixtures
