// Stepping sessions and views, and rendering views offscreen.
#include "viewrenderer.h"

#include "conceptmodule.h"

#include <QApplication>
#include <QDeadlineTimer>
#include <QFileInfo>
#include <QImage>
#include <QPainter>
#include <QSvgGenerator>
#include <QThread>

namespace conceptlab {

namespace {

    QString pastTheEnd(int step, int end)
    {
        return QStringLiteral("step %1 is past the end: the simulation ends at step %2").arg(step).arg(end);
    }

} // namespace

SteppedSession steppedSession(ConceptModule &module, const ParameterValues &values, int step)
{
    SteppedSession result;
    try {
        result.session = module.createSession(values, WorkControl());
    } catch (const std::exception &error) {
        result.error = QString::fromUtf8(error.what());
        return result;
    }
    for (int i = 0; i < step; ++i) {
        if (!result.session->stepForward()) {
            result.error = pastTheEnd(step, i);
            result.session.reset();
            return result;
        }
    }
    return result;
}

bool waitWhileBusy(ConceptView *view, int timeoutMs)
{
    QDeadlineTimer deadline(timeoutMs);
    QCoreApplication::processEvents();
    while (view->isBusy()) {
        if (deadline.hasExpired())
            return false;
        QCoreApplication::processEvents(QEventLoop::AllEvents, 20);
        QThread::msleep(2);
    }
    QCoreApplication::processEvents();
    return true;
}

QString advanceView(ConceptView *view, const ParameterValues &values, int step, int timeoutMs)
{
    view->setParameters(values);
    if (!waitWhileBusy(view, timeoutMs))
        return QStringLiteral("the view did not finish preparing within %1 s").arg(timeoutMs / 1000);
    if (QString error = view->inputError(); !error.isEmpty())
        return error;
    if (const int taken = view->stepTo(step); taken < step)
        return pastTheEnd(step, taken);
    return {};
}

QString renderViewToFile(ConceptView *view, const QString &path, QSize size)
{
    const QString suffix = QFileInfo(path).suffix().toLower();
    if (view->isVisible()) {
        size = view->size(); // a view on screen is drawn as the user sees it
    } else {
        view->resize(size);
        // Lay out and polish the widget tree at its final size before painting it.
        view->setAttribute(Qt::WA_DontShowOnScreen);
        view->show();
        QCoreApplication::processEvents();
        QCoreApplication::processEvents();
    }
    if (suffix == QLatin1String("png")) {
        QImage image(size, QImage::Format_ARGB32_Premultiplied);
        image.fill(view->palette().color(QPalette::Window));
        view->render(&image);
        if (!image.save(path, "PNG"))
            return QStringLiteral("cannot write '%1'").arg(path);
        return {};
    }
    if (suffix == QLatin1String("svg")) {
        QSvgGenerator generator;
        generator.setFileName(path);
        generator.setSize(size);
        generator.setViewBox(QRect(QPoint(0, 0), size));
        generator.setTitle(view->windowTitle());
        QPainter painter;
        if (!painter.begin(&generator))
            return QStringLiteral("cannot write '%1'").arg(path);
        painter.fillRect(QRect(QPoint(0, 0), size), view->palette().color(QPalette::Window));
        view->render(&painter);
        painter.end();
        return {};
    }
    return QStringLiteral("unsupported picture format '.%1'; expected .png or .svg").arg(suffix);
}

} // namespace conceptlab
