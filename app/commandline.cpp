// Headless commands: argument parsing, parameter resolution, output.
#include "commandline.h"

#include "animationexport.h"
#include "conceptmodule.h"
#include "lesson.h"
#include "lessoncheck.h"
#include "messagetext.h"
#include "moduleregistry.h"
#include "scenario.h"
#include "statelink.h"
#include "viewrenderer.h"

#include <QApplication>
#include <QCommandLineParser>
#include <QFile>
#include <QFileInfo>
#include <QJsonArray>
#include <QJsonDocument>
#include <QRegularExpression>

#include <cstdio>
#include <memory>

namespace conceptlab {

namespace {

    constexpr int kExitOk = 0;
    constexpr int kExitFailed = 1;
    constexpr int kExitBadInput = 2;

    const QString kUsage = QStringLiteral(
        "Usage:\n"
        "  conceptlab                          open the window\n"
        "  conceptlab open FILE|LINK           open a scenario, lesson or conceptlab:// link in the window\n"
        "  conceptlab list [--json]            list the modules found, and plugins that failed\n"
        "  conceptlab sim <id> [--set key=value]... [--scenario FILE] [--json]\n"
        "                                      run a module to completion and print the result\n"
        "  conceptlab export <id> [--set key=value]... [--scenario FILE] [--step N|end]\n"
        "                    --out FILE.{png,svg,pdf,csv,json} [--size WxH]\n"
        "                                      write the figure of a step (default: the scenario's\n"
        "                                      step, else the end; 1280x720), or the result data\n"
        "  conceptlab export <id> [--set key=value]... [--scenario FILE] --steps FIRST:LAST\n"
        "                    [--fps N] --out FILE.{gif,webp} [--size WxH]\n"
        "                                      write an animation of the figure, one frame a step\n"
        "  conceptlab sim <id> --help          list a module's parameters\n"
        "  conceptlab check FILE.lesson.json [--json]\n"
        "                                      run every step of a lesson and its expect checks;\n"
        "                                      print a report per step (--json: with the results)\n"
        "\n"
        "Window options (with no command, or with open):\n"
        "  --module ID                         open a module at start\n"
        "  --presenter                         start in presenter mode (Esc or F5 leaves it)\n"
        "  --window-size WxH                   the window's size\n"
        "  --screenshot FILE.png               save a picture of the window once painted, then quit\n"
        "\n"
        "Exit status: 0 success, 1 the run failed, 2 bad input (for check: a check failed).\n"
        "Modules are searched in $CONCEPTLAB_PLUGIN_PATH, beside the executable, then in the install path.\n");

    void printOut(const QString &text)
    {
        const QByteArray bytes = text.toUtf8();
        std::fwrite(bytes.constData(), 1, static_cast<std::size_t>(bytes.size()), stdout);
        std::fflush(stdout);
    }

    int badInput(const QString &message)
    {
        std::fprintf(
            stderr, "conceptlab: %s\n", qPrintable(QString(message).replace(QLatin1Char('\n'), QLatin1String(" | "))));
        return kExitBadInput;
    }

    int failed(const QString &message)
    {
        std::fprintf(stderr, "conceptlab: %s\n", qPrintable(message));
        return kExitFailed;
    }

    QString describeParameters(const ModuleInfo &info, const ParameterSchema &schema)
    {
        QString text = QStringLiteral("%1 — %2\n\nParameters (--set key=value):\n").arg(info.id, info.title);
        for (const ParameterSpec &spec : schema.specs()) {
            QString defaultText = schema.toText(spec.key, spec.defaultValue);
            if (spec.kind == ParameterKind::Code)
                defaultText = QStringLiteral("(example)");
            text += QStringLiteral("  %1  %2; default %3\n").arg(spec.key, -22).arg(spec.allowedText(), defaultText);
            if (!spec.description.isEmpty())
                text += QStringLiteral("  %1  %2\n").arg(QString(), -22).arg(spec.description);
        }
        return text;
    }

    /// The values of a module's parameters: defaults, then the scenario's, then --set ones.
    /// A code value (a program, a term) that names a file stands for the file's contents. A
    /// one-word value made only of path characters with a '/' in it is taken for a path, so a
    /// missing file is reported as such instead of being parsed as code. Returns the error.
    QString readCodeFile(const QString &key, QString *text)
    {
        static const QRegularExpression pathLike(QStringLiteral("^[\\w.~+-]*/[\\w./~+-]*$"));
        if (text->contains(QLatin1Char('\n')))
            return {};
        const QFileInfo info(*text);
        if (info.isFile()) {
            QByteArray contents;
            if (QString error = readDocumentFile(*text, &contents); !error.isEmpty())
                return QStringLiteral("parameter '%1': %2").arg(key, error);
            *text = QString::fromUtf8(contents);
            return {};
        }
        if (info.exists())
            return QStringLiteral("parameter '%1': '%2' is not a regular file").arg(key, *text);
        if (pathLike.match(text->trimmed()).hasMatch())
            return QStringLiteral("parameter '%1': '%2' looks like a file path, but there is no such file")
                .arg(key, text->trimmed());
        return {};
    }

    struct ResolvedParameters {
        ParameterValues values;
        int scenarioStep = -1;
        QString error;
    };

    ResolvedParameters resolveParameters(const QString &moduleId, const ParameterSchema &schema,
        const QString &scenarioPath, const QStringList &assignments)
    {
        ResolvedParameters resolved;
        resolved.values = schema.defaults();
        if (!scenarioPath.isEmpty()) {
            QString otherModule;
            const ScenarioRead read
                = readScenarioFile(scenarioPath, [&](const QString &id) -> std::optional<ParameterSchema> {
                      if (id != moduleId) {
                          otherModule = id;
                          return std::nullopt;
                      }
                      return schema;
                  });
            if (!read.ok()) {
                resolved.error = otherModule.isEmpty()
                    ? read.error
                    : QStringLiteral("%1: $.module: the scenario is for module '%2', not '%3'")
                          .arg(scenarioPath, otherModule, moduleId);
                return resolved;
            }
            for (auto it = read.scenario.params.constBegin(); it != read.scenario.params.constEnd(); ++it)
                resolved.values.insert(it.key(), it.value());
            resolved.scenarioStep = read.scenario.step;
        }
        for (const QString &assignment : assignments) {
            const qsizetype equals = assignment.indexOf(QLatin1Char('='));
            if (equals <= 0) {
                resolved.error = QStringLiteral("--set '%1': expected key=value").arg(assignment);
                return resolved;
            }
            const QString key = assignment.left(equals).trimmed();
            QString text = assignment.mid(equals + 1);
            const ParameterSpec *spec = schema.find(key);
            if (spec && spec->kind == ParameterKind::Code) {
                if (const QString error = readCodeFile(key, &text); !error.isEmpty()) {
                    resolved.error = QStringLiteral("module '%1': %2").arg(moduleId, error);
                    return resolved;
                }
            }
            const ParameterCheck checked = schema.parseText(key, text);
            if (!checked.ok()) {
                resolved.error = QStringLiteral("module '%1': %2").arg(moduleId, checked.error);
                return resolved;
            }
            resolved.values.insert(key, checked.value);
        }
        return resolved;
    }

    QString moduleList(const ModuleRegistry &registry)
    {
        QStringList ids;
        for (const ModuleInfo &info : registry.modules())
            ids.append(info.id);
        return ids.isEmpty() ? QStringLiteral("(none found)") : ids.join(QStringLiteral(", "));
    }

    int runList(const QStringList &arguments)
    {
        QCommandLineParser parser;
        parser.addOption({ QStringLiteral("json"), QStringLiteral("Print JSON.") });
        parser.addPositionalArgument(QStringLiteral("list"), QStringLiteral("List modules."));
        if (!parser.parse(QStringList { QStringLiteral("conceptlab") } + arguments))
            return badInput(parser.errorText());
        if (parser.positionalArguments().size() > 1)
            return badInput(QStringLiteral("list: unexpected argument '%1'").arg(parser.positionalArguments().at(1)));
        ModuleRegistry registry;
        registry.scan();
        if (parser.isSet(QStringLiteral("json"))) {
            QJsonArray modules;
            for (const ModuleInfo &info : registry.modules())
                modules.append(info.toJson());
            QJsonArray failures;
            for (const PluginFailure &failure : registry.failures())
                failures.append(QJsonObject {
                    { QStringLiteral("path"), failure.filePath }, { QStringLiteral("reason"), failure.reason } });
            const QJsonObject root { { QStringLiteral("modules"), modules }, { QStringLiteral("failed"), failures } };
            printOut(QString::fromUtf8(QJsonDocument(root).toJson(QJsonDocument::Indented)));
            return kExitOk;
        }
        QString text;
        for (const ModuleInfo &info : registry.modules())
            text += QStringLiteral("%1  %2  (%3)\n    %4\n").arg(info.id, -14).arg(info.title, info.version, info.card);
        if (registry.modules().isEmpty())
            text += QStringLiteral("No modules found.\n");
        for (const PluginFailure &failure : registry.failures())
            text += QStringLiteral("failed: %1: %2\n").arg(failure.filePath, failure.reason);
        printOut(text);
        return kExitOk;
    }

    QSize parseSize(const QString &text, QString *error)
    {
        static const QRegularExpression pattern(QStringLiteral("^(\\d{1,5})x(\\d{1,5})$"));
        const QRegularExpressionMatch match = pattern.match(text.trimmed());
        if (!match.hasMatch()) {
            *error = QStringLiteral("--size %1: expected WIDTHxHEIGHT, e.g. 1280x720").arg(quotedText(text));
            return {};
        }
        const QSize size(match.captured(1).toInt(), match.captured(2).toInt());
        if (size.width() < 64 || size.height() < 64 || size.width() > 8192 || size.height() > 8192) {
            *error = QStringLiteral("--size %1: each side must be in [64, 8192] pixels").arg(quotedText(text));
            return {};
        }
        return size;
    }

    /// --size for a picture or an animation, 1280x720 when not given. Returns the error.
    QString exportSize(const std::optional<QString> &text, QSize *size)
    {
        *size = QSize(1280, 720);
        if (!text)
            return {};
        QString error;
        *size = parseSize(*text, &error);
        return error.isEmpty() ? QString() : QStringLiteral("export: ") + error;
    }

    /// Parses --step: a whole number in [0, kMaxFigureStep] or "end". Returns the error.
    QString parseStep(const QString &text, StepRequest *request)
    {
        if (text.trimmed() == QLatin1String("end")) {
            *request = StepRequest::end();
            return {};
        }
        bool ok = false;
        const int step = text.trimmed().toInt(&ok);
        if (!ok || step < 0 || step > kMaxFigureStep)
            return QStringLiteral("export: --step %1: expected 'end' or an integer in [0, %2]")
                .arg(quotedText(text))
                .arg(kMaxFigureStep);
        *request = StepRequest::at(step);
        return {};
    }

    int writeData(ConceptModule &module, const QString &id, const ResolvedParameters &resolved, const QString &outPath,
        StepRequest request)
    {
        const QString suffix = QFileInfo(outPath).suffix().toLower();
        const RunResult result = module.run(resolved.values, WorkControl());
        if (!result.error.isEmpty())
            return badInput(QStringLiteral("%1: %2").arg(id, result.error));
        QByteArray bytes;
        if (suffix == QLatin1String("json")) {
            bytes = QJsonDocument(result.data).toJson(QJsonDocument::Indented);
        } else {
            ResultTable table = result.table;
            if (table.header.isEmpty()) {
                const SteppedSession stepped = steppedSession(module, resolved.values, request);
                if (!stepped.error.isEmpty())
                    return badInput(QStringLiteral("export: ") + stepped.error);
                table = ResultTable::fromTable(stepped.session->currentTable());
            }
            if (table.header.isEmpty())
                return badInput(QStringLiteral("export: module '%1' has no tabular data; use .json").arg(id));
            bytes = table.toCsv();
        }
        QFile file(outPath);
        if (!file.open(QIODevice::WriteOnly) || file.write(bytes) != bytes.size())
            return failed(QStringLiteral("cannot write '%1': %2").arg(outPath, file.errorString()));
        return kExitOk;
    }

    /// `export`: the result data (.json, .csv) or the figure of a step (.png, .svg, .pdf).
    /// Without --step: the scenario's step, else the end of the run.
    int runExport(ConceptModule &module, const ModuleInfo &info, const ResolvedParameters &resolved,
        const QString &outPath, const std::optional<QString> &stepText, const std::optional<QString> &sizeText)
    {
        if (outPath.isEmpty())
            return badInput(QStringLiteral("export: --out FILE.{png,svg,pdf,csv,json} is required"));
        const QString suffix = QFileInfo(outPath).suffix().toLower();
        const bool picture = figureFormats().contains(suffix);
        if (!picture && suffix != QLatin1String("csv") && suffix != QLatin1String("json"))
            return badInput(QStringLiteral(
                "export: --out '%1': unsupported format; expected .png, .svg, .pdf, .csv, .json, .gif or .webp")
                                .arg(outPath));
        StepRequest request = resolved.scenarioStep >= 0 ? StepRequest::at(resolved.scenarioStep) : StepRequest::end();
        if (stepText)
            if (const QString error = parseStep(*stepText, &request); !error.isEmpty())
                return badInput(error);
        QSize size;
        if (const QString error = exportSize(sizeText, &size); !error.isEmpty())
            return badInput(error);
        if (!picture)
            return writeData(module, info.id, resolved, outPath, request);

        if (!qobject_cast<QApplication *>(QCoreApplication::instance()))
            return failed(QStringLiteral("export: pictures need the widgets application"));
        SteppedSession stepped = steppedSession(module, resolved.values, request);
        if (!stepped.error.isEmpty())
            return badInput(QStringLiteral("export: ") + stepped.error);
        if (stepped.clamped)
            std::fprintf(stderr, "conceptlab: export: step %d is past the end; showing the last step, %d\n",
                request.number, stepped.step);
        const FigureCaption caption { info.title, stepped.step, stepped.lastStep };
        std::unique_ptr<ConceptView> view(module.createView(nullptr));
        view->resize(size);
        view->showSession(std::move(stepped.session));
        if (!waitWhileBusy(view.get()))
            return failed(QStringLiteral("export: the view did not finish drawing"));
        const QString renderError = renderFigureToFile(view.get(), outPath, size, caption);
        if (!renderError.isEmpty())
            return failed(renderError);
        return kExitOk;
    }

    /// `export` to an animation (.gif, .webp), or --steps/--fps given for anything else.
    int runAnimationExport(ConceptModule &module, const ModuleInfo &info, const ParameterValues &values,
        const QString &outPath, const std::optional<QString> &sizeText, const std::optional<QString> &stepsText,
        const std::optional<QString> &fpsText)
    {
        QSize size;
        if (const QString error = exportSize(sizeText, &size); !error.isEmpty())
            return badInput(error);
        const ExportResult result = exportAnimation(module, info.title, values, outPath, size, stepsText, fpsText);
        switch (result.outcome) {
        case ExportOutcome::Written:
            return kExitOk;
        case ExportOutcome::BadInput:
            return badInput(QStringLiteral("export: ") + result.message);
        default:
            return failed(QStringLiteral("export: ") + result.message);
        }
    }

    /// `check`: reads a lesson, runs each step headless and compares the results with its
    /// `expect` checks and highlight; 2 when the file is invalid or a check fails.
    int runCheck(const QStringList &arguments)
    {
        QCommandLineParser parser;
        parser.addPositionalArgument(QStringLiteral("check"), QStringLiteral("Check a lesson."));
        const QCommandLineOption helpOption(
            { QStringLiteral("h"), QStringLiteral("help") }, QStringLiteral("Show help."));
        const QCommandLineOption jsonOption(QStringLiteral("json"), QStringLiteral("Print JSON."));
        parser.addOptions({ helpOption, jsonOption });
        if (!parser.parse(QStringList { QStringLiteral("conceptlab") } + arguments))
            return badInput(QStringLiteral("check: %1").arg(parser.errorText()));
        if (parser.isSet(helpOption)) {
            printOut(kUsage);
            return kExitOk;
        }
        const QStringList positional = parser.positionalArguments();
        if (positional.size() < 2)
            return badInput(QStringLiteral("check: missing lesson file; usage: conceptlab check FILE.lesson.json"));
        if (positional.size() > 2)
            return badInput(QStringLiteral("check: unexpected argument '%1'").arg(positional.at(2)));
        const QString &path = positional.at(1);
        ModuleRegistry registry;
        registry.scan();
        QString loadError;
        const auto moduleFor = [&](const QString &id, QString *error) -> ConceptModule * {
            return registry.find(id) ? registry.load(id, error) : nullptr;
        };
        const LessonRead read = readLessonFile(
            path,
            [&](const QString &id) -> std::optional<ParameterSchema> {
                ConceptModule *module = moduleFor(id, &loadError);
                return module ? std::optional(module->parameters()) : std::nullopt;
            },
            [&](const QString &id) {
                ConceptModule *module = moduleFor(id, &loadError);
                return module ? module->resultKeys() : QStringList();
            });
        if (!read.ok())
            return badInput(loadError.isEmpty() ? read.error : loadError);
        const LessonReport report = checkLesson(read.lesson, moduleFor);
        if (parser.isSet(jsonOption))
            printOut(QString::fromUtf8(QJsonDocument(report.toJson()).toJson(QJsonDocument::Indented)));
        else
            printOut(QStringLiteral("%1 — %2\n").arg(path, read.lesson.title) + report.text());
        if (report.ok())
            return kExitOk;
        const auto failedSteps = std::count_if(
            report.steps.begin(), report.steps.end(), [](const LessonStepReport &step) { return !step.ok(); });
        return badInput(QStringLiteral("%1: %2 of %3 steps failed their checks")
                            .arg(path)
                            .arg(failedSteps)
                            .arg(report.steps.size()));
    }

    int runModuleCommand(const QString &command, const QStringList &arguments)
    {
        const bool isExport = command == QLatin1String("export");
        QCommandLineParser parser;
        parser.setOptionsAfterPositionalArgumentsMode(QCommandLineParser::ParseAsOptions);
        const QCommandLineOption setOption(
            QStringLiteral("set"), QStringLiteral("Set a parameter."), QStringLiteral("key=value"));
        const QCommandLineOption scenarioOption(
            QStringLiteral("scenario"), QStringLiteral("Read a scenario."), QStringLiteral("file"));
        const QCommandLineOption jsonOption(QStringLiteral("json"), QStringLiteral("Print JSON."));
        const QCommandLineOption stepOption(
            QStringLiteral("step"), QStringLiteral("Step to show."), QStringLiteral("n"));
        const QCommandLineOption outOption(
            QStringLiteral("out"), QStringLiteral("Output file."), QStringLiteral("file"));
        const QCommandLineOption sizeOption(
            QStringLiteral("size"), QStringLiteral("Picture size."), QStringLiteral("WxH"));
        const QCommandLineOption stepsOption(
            QStringLiteral("steps"), QStringLiteral("Steps to animate."), QStringLiteral("first:last"));
        const QCommandLineOption fpsOption(
            QStringLiteral("fps"), QStringLiteral("Frames per second."), QStringLiteral("n"));
        const QCommandLineOption helpOption(
            { QStringLiteral("h"), QStringLiteral("help") }, QStringLiteral("Show help."));
        parser.addOptions({ setOption, scenarioOption, helpOption });
        if (isExport)
            parser.addOptions({ stepOption, outOption, sizeOption, stepsOption, fpsOption });
        else
            parser.addOption(jsonOption);
        if (!parser.parse(QStringList { QStringLiteral("conceptlab") } + arguments))
            return badInput(QStringLiteral("%1: %2").arg(command, parser.errorText()));
        const QStringList positional = parser.positionalArguments();
        if (positional.size() < 2) {
            if (parser.isSet(helpOption)) {
                printOut(kUsage);
                return kExitOk;
            }
            return badInput(
                QStringLiteral("%1: missing module id; usage: conceptlab %1 <id> [--set key=value]...").arg(command));
        }
        if (positional.size() > 2)
            return badInput(QStringLiteral("%1: unexpected argument '%2'").arg(command, positional.at(2)));

        const QString &id = positional.at(1);
        ModuleRegistry registry;
        registry.scan();
        const ModuleInfo *info = registry.find(id);
        if (!info)
            return badInput(QStringLiteral("unknown module '%1'; available modules: %2").arg(id, moduleList(registry)));
        QString loadError;
        ConceptModule *module = registry.load(id, &loadError);
        if (!module)
            return failed(loadError);
        const ParameterSchema schema = module->parameters();
        if (parser.isSet(helpOption)) {
            printOut(describeParameters(*info, schema));
            return kExitOk;
        }
        const ResolvedParameters resolved
            = resolveParameters(id, schema, parser.value(scenarioOption), parser.values(setOption));
        if (!resolved.error.isEmpty())
            return badInput(resolved.error);

        if (!isExport) {
            const RunResult result = module->run(resolved.values, WorkControl());
            if (!result.error.isEmpty())
                return badInput(QStringLiteral("%1: %2").arg(id, result.error));
            if (parser.isSet(jsonOption) || result.summary.isEmpty())
                printOut(QString::fromUtf8(QJsonDocument(result.data).toJson(QJsonDocument::Indented)));
            else
                printOut(
                    result.summary.endsWith(QLatin1Char('\n')) ? result.summary : result.summary + QLatin1Char('\n'));
            return kExitOk;
        }

        const auto valueOf = [&parser](const QCommandLineOption &option) {
            return parser.isSet(option) ? std::optional(parser.value(option)) : std::nullopt;
        };
        if (animationFormatOf(parser.value(outOption)) || parser.isSet(stepsOption) || parser.isSet(fpsOption)) {
            if (parser.isSet(stepOption))
                return badInput(
                    QStringLiteral("export: --step is for pictures; an animation takes --steps FIRST:LAST"));
            return runAnimationExport(*module, *info, resolved.values, parser.value(outOption), valueOf(sizeOption),
                valueOf(stepsOption), valueOf(fpsOption));
        }
        return runExport(*module, *info, resolved, parser.value(outOption),
            parser.isSet(stepOption) ? std::optional(parser.value(stepOption)) : std::nullopt,
            parser.isSet(sizeOption) ? std::optional(parser.value(sizeOption)) : std::nullopt);
    }

} // namespace

bool isHeadlessCommand(const QStringList &arguments)
{
    if (arguments.isEmpty())
        return false;
    // The window takes `open FILE|LINK` and Qt's own options (-platform, -style, ...); any other
    // word is a command, and an unknown one is refused rather than opening the window.
    const QString &first = arguments.first();
    static const QStringList kHeadlessOptions
        = { QStringLiteral("--help"), QStringLiteral("-h"), QStringLiteral("--version"), QStringLiteral("-v") };
    if (kHeadlessOptions.contains(first))
        return true;
    // A link, an absolute path or a file URL alone is what the desktop entry passes: the window's.
    const bool opensInWindow = first == QLatin1String("open") || isStateLink(first)
        || first.startsWith(QLatin1Char('/')) || first.startsWith(QLatin1String("file:"));
    return !first.startsWith(QLatin1Char('-')) && !opensInWindow;
}

int runHeadless(const QStringList &arguments)
{
    const QString command = arguments.value(0);
    if (command == QLatin1String("--help") || command == QLatin1String("-h") || command == QLatin1String("help")) {
        printOut(QStringLiteral("ConceptLab %1 — live simulations of ML-systems concepts\n\n")
                     .arg(QCoreApplication::applicationVersion())
            + kUsage);
        return kExitOk;
    }
    if (command == QLatin1String("--version") || command == QLatin1String("-v")) {
        printOut(QStringLiteral("conceptlab %1\n").arg(QCoreApplication::applicationVersion()));
        return kExitOk;
    }
    if (command == QLatin1String("list"))
        return runList(arguments);
    if (command == QLatin1String("sim") || command == QLatin1String("export"))
        return runModuleCommand(command, arguments);
    if (command == QLatin1String("check"))
        return runCheck(arguments);
    return badInput(QStringLiteral("unknown command '%1'; expected list, sim, export, check, open, --help or --version")
                        .arg(command));
}

} // namespace conceptlab
