// Fonts that follow the application font: see viewfonts.h.
#include "viewfonts.h"

#include <QAbstractAxis>
#include <QApplication>
#include <QChart>
#include <QEvent>
#include <QFontDatabase>
#include <QLegend>
#include <QList>
#include <QPointer>
#include <QTimer>
#include <QWidget>

#include <utility>

namespace conceptlab {

namespace {

    // Runs the registered functions once after each change of the application font.
    // QApplication::setFont sends ApplicationFontChange to the application and to windows only
    // (children get a FontChange, as does a widget whose own font is set), so the notifier
    // watches the application object; the calls are queued, so they run after Qt has resolved
    // the new font into every widget.
    class ApplicationFontNotifier : public QObject {
    public:
        static ApplicationFontNotifier &instance()
        {
            static auto *notifier = new ApplicationFontNotifier(qApp);
            return *notifier;
        }

        void add(QObject *owner, std::function<void()> apply) { m_entries.append({ owner, std::move(apply) }); }

    protected:
        bool eventFilter(QObject *watched, QEvent *event) override
        {
            if (watched == qApp && event->type() == QEvent::ApplicationFontChange && !m_pending) {
                m_pending = true;
                QTimer::singleShot(0, this, [this] { notify(); });
            }
            return QObject::eventFilter(watched, event);
        }

    private:
        struct Entry {
            QPointer<QObject> owner;
            std::function<void()> apply;
        };

        explicit ApplicationFontNotifier(QObject *application)
            : QObject(application)
        {
            application->installEventFilter(this);
        }

        void notify()
        {
            m_pending = false;
            m_entries.removeIf([](const Entry &entry) { return entry.owner.isNull(); });
            // A function may register more (a view rebuilt with the new font): iterate a copy.
            const QList<Entry> entries = m_entries;
            for (const Entry &entry : entries) {
                if (!entry.owner.isNull())
                    entry.apply();
            }
        }

        QList<Entry> m_entries;
        bool m_pending = false;
    };

    void setChartFonts(QChart *chart)
    {
        const QFont labels = styledFont({ .scale = 0.9 });
        chart->setTitleFont(styledFont({ .bold = true }));
        chart->legend()->setFont(labels);
        for (QAbstractAxis *axis : chart->axes()) {
            axis->setLabelsFont(labels);
            axis->setTitleFont(labels);
        }
    }

} // namespace

QFont styledFont(const FontStyle &style)
{
    const QFont application = QApplication::font();
    QFont font = application;
    if (style.fixedPitch) {
        font = QFontDatabase::systemFont(QFontDatabase::FixedFont);
        font.setStyleHint(QFont::Monospace);
    }
    font.setPointSizeF(application.pointSizeF() * style.scale);
    if (style.bold)
        font.setBold(true);
    return font;
}

void followApplicationFont(QWidget *widget, const FontStyle &style)
{
    onApplicationFontChange(widget, [widget, style] { widget->setFont(styledFont(style)); });
}

void onApplicationFontChange(QObject *owner, std::function<void()> apply)
{
    apply();
    if (qApp != nullptr)
        ApplicationFontNotifier::instance().add(owner, std::move(apply));
}

void applyChartFonts(QChart *chart)
{
    // Views restyle a chart when its axes change: follow the application font only once.
    static const char *const kFollowing = "conceptlabChartFontsFollow";
    if (chart->property(kFollowing).toBool()) {
        setChartFonts(chart);
        return;
    }
    chart->setProperty(kFollowing, true);
    onApplicationFontChange(chart, [chart] { setChartFonts(chart); });
}

} // namespace conceptlab
