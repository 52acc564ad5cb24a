// AnnotationOverlay: see annotationoverlay.h.
#include "annotationoverlay.h"

#include "conceptmodule.h"

#include <QMouseEvent>
#include <QPainter>
#include <QResizeEvent>

namespace conceptlab {

namespace {
    const QColor kInk(0xe0, 0x1b, 0x24); // a red that reads on white and on the charts' colours
    constexpr qint64 kTrailMs = 350; // how long the laser's trail lasts
    constexpr qreal kPenWidth = 5;
    constexpr qreal kLaserRadius = 9;
} // namespace

AnnotationOverlay::AnnotationOverlay(QWidget *host)
    : QWidget(host)
    , m_host(host)
{
    setAttribute(Qt::WA_TransparentForMouseEvents);
    setAttribute(Qt::WA_NoSystemBackground);
    setMouseTracking(true);
    setGeometry(host->rect());
    host->installEventFilter(this);
    m_clock.start();
    m_fade.setInterval(30);
    connect(&m_fade, &QTimer::timeout, this, &AnnotationOverlay::fadeTrail);
    raise();
}

void AnnotationOverlay::setView(ConceptView *view)
{
    if (!m_view.isNull())
        disconnect(m_view, nullptr, this, nullptr);
    m_view = view;
    m_viewStep = view != nullptr ? view->currentStep() : -1;
    clearStrokes();
    if (view != nullptr)
        connect(view, &ConceptView::stateChanged, this, &AnnotationOverlay::viewStateChanged);
    raise();
}

void AnnotationOverlay::setTool(Tool tool)
{
    if (tool == m_tool)
        return;
    m_tool = tool;
    m_drawing = false;
    m_trail.clear();
    m_fade.stop();
    setAttribute(Qt::WA_TransparentForMouseEvents, tool == Tool::None);
    if (tool == Tool::Pen)
        setCursor(Qt::CrossCursor);
    else if (tool == Tool::Laser)
        setCursor(Qt::BlankCursor);
    else
        unsetCursor();
    raise();
    update();
    Q_EMIT toolChanged(tool);
}

bool AnnotationOverlay::undoStroke()
{
    if (m_strokes.isEmpty())
        return false;
    m_strokes.removeLast();
    update();
    return true;
}

void AnnotationOverlay::clearStrokes()
{
    m_strokes.clear();
    m_drawing = false;
    update();
}

void AnnotationOverlay::viewStateChanged()
{
    // Annotations belong to the step they were drawn on.
    const int step = m_view->currentStep();
    if (step != m_viewStep) {
        m_viewStep = step;
        clearStrokes();
    }
}

bool AnnotationOverlay::eventFilter(QObject *watched, QEvent *event)
{
    if (watched == m_host && event->type() == QEvent::Resize)
        setGeometry(m_host->rect());
    else if (watched == m_host && event->type() == QEvent::ChildAdded)
        raise(); // stay above a view added later
    return QWidget::eventFilter(watched, event);
}

void AnnotationOverlay::paintEvent(QPaintEvent *)
{
    QPainter p(this);
    p.setRenderHint(QPainter::Antialiasing);
    QPen pen(kInk, kPenWidth, Qt::SolidLine, Qt::RoundCap, Qt::RoundJoin);
    p.setPen(pen);
    p.setBrush(Qt::NoBrush);
    for (const QPainterPath &stroke : std::as_const(m_strokes))
        p.drawPath(stroke);
    if (m_tool != Tool::Laser || m_trail.isEmpty())
        return;
    // The trail fades and thins with age; the dot itself glows.
    const qint64 now = m_clock.elapsed();
    for (qsizetype i = 1; i < m_trail.size(); ++i) {
        const qreal life = 1.0 - static_cast<qreal>(now - m_trail[i].at) / kTrailMs;
        if (life <= 0)
            continue;
        QColor colour = kInk;
        colour.setAlphaF(static_cast<float>(0.6 * life));
        p.setPen(QPen(colour, kLaserRadius * life, Qt::SolidLine, Qt::RoundCap));
        p.drawLine(m_trail[i - 1].position, m_trail[i].position);
    }
    const QPointF dot = m_trail.last().position;
    QRadialGradient glow(dot, kLaserRadius * 2.2);
    glow.setColorAt(0, QColor(0xff, 0xf0, 0xf0));
    glow.setColorAt(0.3, kInk);
    glow.setColorAt(1, QColor(kInk.red(), kInk.green(), kInk.blue(), 0));
    p.setPen(Qt::NoPen);
    p.setBrush(glow);
    p.drawEllipse(dot, kLaserRadius * 2.2, kLaserRadius * 2.2);
}

void AnnotationOverlay::mousePressEvent(QMouseEvent *event)
{
    if (m_tool != Tool::Pen || event->button() != Qt::LeftButton) {
        event->ignore();
        return;
    }
    QPainterPath stroke(event->position());
    stroke.lineTo(event->position() + QPointF(0.01, 0)); // a click leaves a dot
    m_strokes.append(stroke);
    m_drawing = true;
    update();
}

void AnnotationOverlay::mouseMoveEvent(QMouseEvent *event)
{
    if (m_tool == Tool::Pen && m_drawing && !m_strokes.isEmpty()) {
        m_strokes.last().lineTo(event->position());
        update();
    } else if (m_tool == Tool::Laser) {
        m_trail.append({ event->position(), m_clock.elapsed() });
        if (!m_fade.isActive())
            m_fade.start();
        update();
    }
}

void AnnotationOverlay::mouseReleaseEvent(QMouseEvent *event)
{
    if (m_tool == Tool::Pen && event->button() == Qt::LeftButton)
        m_drawing = false;
}

void AnnotationOverlay::leaveEvent(QEvent *)
{
    m_trail.clear();
    m_fade.stop();
    update();
}

void AnnotationOverlay::fadeTrail()
{
    // Drop the points that have faded, but keep the newest: it is where the dot is.
    const qint64 now = m_clock.elapsed();
    while (m_trail.size() > 1 && now - m_trail.first().at > kTrailMs)
        m_trail.removeFirst();
    if (m_trail.size() <= 1)
        m_fade.stop();
    update();
}

} // namespace conceptlab
