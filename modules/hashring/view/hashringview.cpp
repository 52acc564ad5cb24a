// The hashring live view: draws the session's snapshot and turns clicks into session events.
#include "hashringview.h"

#include "hashringcharts.h"
#include "hashringmodule.h"
#include "ringwidget.h"

#include <QComboBox>
#include <QFile>
#include <QHBoxLayout>
#include <QJsonDocument>
#include <QJsonObject>
#include <QLabel>
#include <QPushButton>
#include <QSplitter>
#include <QVBoxLayout>

#include <cstdlib>
#include <utility>

namespace conceptlab::hashring {

HashringView::HashringView(QWidget *parent)
    : ConceptView(parent)
{
    auto *layout = new QHBoxLayout(this);
    layout->setContentsMargins(0, 0, 0, 0);
    auto *splitter = new QSplitter(Qt::Horizontal, this);
    auto *left = new QWidget(splitter);
    auto *leftLayout = new QVBoxLayout(left);
    leftLayout->setContentsMargins(4, 4, 4, 4);
    auto *controls = new QHBoxLayout;
    m_addButton = new QPushButton(tr("Add a node"), left);
    m_addButton->setToolTip(tr("A new node joins now; later scripted steps are dropped."));
    m_clickAction = new QComboBox(left);
    m_clickAction->addItems({ tr("make it leave"), tr("double its weight"), tr("halve its weight") });
    m_clickAction->setToolTip(tr("What a click on a node (its arc, column or legend entry) does."));
    m_hint = new QLabel(left);
    m_hint->setWordWrap(true);
    controls->addWidget(m_addButton);
    controls->addSpacing(12);
    m_clickWhere = new QLabel(tr("Click a node to"), left);
    controls->addWidget(m_clickWhere);
    controls->addWidget(m_clickAction);
    controls->addWidget(m_hint, 1);
    m_examples = new QComboBox(left);
    m_examples->setObjectName(QStringLiteral("hashringExamples"));
    // As narrow as its prompt: the titles show in the open list, and the row must fit 1280 pixels.
    m_examples->setSizeAdjustPolicy(QComboBox::AdjustToMinimumContentsLengthWithIcon);
    m_examples->setMinimumContentsLength(9);
    m_examples->setToolTip(tr("Open an example scenario: its parameters replace the current ones."));
    m_examples->addItem(tr("Examples…"));
    // The compiled-in scenarios, by the lesson each one gives.
    const std::pair<QString, QString> examples[] = {
        { QStringLiteral("ten-thousand-keys"), tr("10 000 keys, 160 virtual nodes") },
        { QStringLiteral("few-virtual-nodes"), tr("3 virtual nodes: an unbalanced ring") },
        { QStringLiteral("bounded-loads"), tr("Bounded loads, ε = 0.1") },
        { QStringLiteral("jump-vs-modulo"), tr("Jump hash, 8 nodes") },
        { QStringLiteral("ketama-published"), tr("libketama's published servers") },
    };
    for (const auto &[name, title] : examples)
        m_examples->addItem(title, name);
    controls->addWidget(m_examples);
    leftLayout->addLayout(controls);
    m_ring = new RingWidget(left);
    m_ring->setObjectName(QStringLiteral("hashringDrawing"));
    leftLayout->addWidget(m_ring, 1);
    m_charts = new HashringCharts(splitter);
    splitter->addWidget(left);
    splitter->addWidget(m_charts);
    splitter->setStretchFactor(0, 3);
    splitter->setStretchFactor(1, 2);
    splitter->setSizes({ 600, 400 });
    layout->addWidget(splitter);

    connect(m_addButton, &QPushButton::clicked, this, [this] {
        m_hint->clear();
        if (const HashringSession *session = hashringSession()) {
            try {
                branch(session->joinEvent());
            } catch (const InputError &error) {
                m_hint->setText(QString::fromStdString(error.message()));
            }
        }
    });
    connect(m_ring, &RingWidget::nodeClicked, this, &HashringView::nodeClicked);
    connect(m_examples, &QComboBox::currentIndexChanged, this, [this](int index) {
        if (index <= 0)
            return;
        loadExample(m_examples->itemData(index).toString());
        const QSignalBlocker blocker(m_examples); // back to the "Examples…" prompt
        m_examples->setCurrentIndex(0);
    });
    connect(&sessionBuilder(), &BackgroundJob::runningChanged, this, [this](bool running) {
        m_ring->setBusy(running);
        m_charts->setComputing(1, running);
        m_charts->setComputing(2, running);
    });
}

HashringSession *HashringView::hashringSession() const
{
    // Only this view's factories make sessions, and they make HashringSessions.
    return static_cast<HashringSession *>(session());
}

void HashringView::setParameters(const ParameterValues &values)
{
    m_hint->clear();
    buildSession([values](const WorkControl &control) -> std::unique_ptr<Session> {
        return sessionFromValues(values, control);
    });
}

void HashringView::loadExample(const QString &name)
{
    QFile file(QStringLiteral(":/hashring/%1.conceptlab.json").arg(name));
    if (!file.open(QIODevice::ReadOnly))
        return;
    const QJsonObject scenario = QJsonDocument::fromJson(file.readAll()).object();
    const ParameterSchema schema = HashringModule::schema();
    ParameterValues values = schema.defaults();
    const QJsonObject params = scenario.value(QLatin1String("params")).toObject();
    for (auto it = params.begin(); it != params.end(); ++it)
        if (const ParameterCheck check = schema.fromJson(it.key(), it.value()); check.ok())
            values.insert(it.key(), check.value);
    // Every parameter, so that the panel shows the example and nothing left from before.
    for (const ParameterSpec &spec : schema.specs())
        Q_EMIT parameterEdited(spec.key, values.value(spec.key));
    m_hint->clear();
    const int step = std::max(0, scenario.value(QLatin1String("step")).toInt());
    buildSession([values, step](const WorkControl &control) -> std::unique_ptr<Session> {
        std::unique_ptr<HashringSession> session = sessionFromValues(values, control);
        int taken = 0;
        while (taken < step && session->stepForward())
            ++taken;
        return session;
    });
}

void HashringView::branch(const Event &event)
{
    // A copy of the session (shared, immutable states) goes to the worker: never `this`.
    auto base = std::make_shared<const HashringSession>(*hashringSession());
    buildSession([base, event](const WorkControl &control) -> std::unique_ptr<Session> {
        return base->withEvent(event, control);
    });
}

void HashringView::nodeClicked(const QString &node)
{
    m_hint->clear();
    const HashringSession *session = hashringSession();
    if (!session)
        return;
    constexpr NodeAction kActions[] = { NodeAction::Leave, NodeAction::DoubleWeight, NodeAction::HalveWeight };
    const NodeAction action = kActions[std::clamp(m_clickAction->currentIndex(), 0, 2)];
    try {
        branch(session->nodeEvent(node.toStdString(), action));
    } catch (const InputError &error) {
        m_hint->setText(QString::fromStdString(error.message()));
    }
}

void HashringView::showSnapshot()
{
    const HashringSession *session = hashringSession();
    if (!session) {
        m_ring->setMessage(inputError());
        m_shownState.reset();
        m_shownKeys.reset();
        m_shownMoves.reset();
        return;
    }
    const HashringSnapshot snapshot = session->snapshot();
    // Where to click, beside the controls: never drawn over the keys.
    m_clickWhere->setText(
        hasRing(snapshot.strategy) ? tr("Click an arc or legend entry to") : tr("Click a column or legend entry to"));
    QHash<QString, int> colors;
    for (const std::string &name : session->nodeNames())
        colors.insert(QString::fromStdString(name), static_cast<int>(colors.size()));
    m_ring->setColorIndices(colors);

    RingWidget::Scene scene;
    scene.keys = snapshot.keys;
    scene.state = snapshot.state;
    // One step forward or back on the same keys animates from what is on screen.
    const bool animate = m_shownKeys == snapshot.keys && m_shownState && m_shownState != snapshot.state
        && std::abs(m_shownStep - snapshot.step) == 1;
    scene.previous = animate ? m_shownState : nullptr;
    scene.movedKeys = snapshot.movedKeys;
    // The keys that change owner between two neighbouring steps are the later step's moved keys.
    if (animate)
        scene.animatedKeys = snapshot.step > m_shownStep
            ? snapshot.movedKeys
            : std::shared_ptr<const std::vector<std::uint32_t>>(m_shownState, &m_shownState->movedKeys);
    scene.strategy = snapshot.strategy;
    scene.step = snapshot.step;
    scene.stepCount = snapshot.stepCount;
    m_ring->setScene(scene, animate);
    m_charts->setLoad(*snapshot.state, snapshot.previous.get());
    if (m_shownMoves != session->sharedStrategyMoves()) {
        m_charts->setSweep(session->sweep(), session->parameters().placement.virtualNodes);
        m_charts->setStrategyMoves(session->strategyMoves(), snapshot.strategy);
        m_shownMoves = session->sharedStrategyMoves();
    }
    m_shownState = snapshot.state;
    m_shownKeys = snapshot.keys;
    m_shownStep = snapshot.step;
    applyHighlight();
}

QString HashringView::figureSubtitle() const
{
    const HashringSession *session = hashringSession();
    if (!session)
        return statusText();
    const ScenarioParameters &p = session->parameters();
    const PlacementParameters &placement = p.placement;
    QStringList parts { QString::fromUtf8(strategyName(placement.strategy).data()) };
    if (placement.strategy == Strategy::Ring || placement.strategy == Strategy::Bounded)
        parts << tr("%1 virtual nodes per node").arg(placement.virtualNodes);
    if (placement.strategy == Strategy::Bounded)
        parts << tr("ε = %1").arg(placement.epsilon, 0, 'g', 4);
    if (placement.strategy == Strategy::Maglev)
        parts << tr("table of %1 slots").arg(placement.maglevTableSize);
    parts << tr("%1 keys").arg(p.keyCount);
    return parts.join(QStringLiteral(" · "));
}

void HashringView::paintFigureBody(QPainter &painter, const QRectF &rect, const FigureStyle &style)
{
    const double drawingWidth = rect.width() * 0.6;
    m_ring->paintFigure(painter, QRectF(rect.left(), rect.top(), drawingWidth, rect.height()), style);
    m_charts->paintFigure(painter,
        QRectF(
            rect.left() + drawingWidth + style.gap, rect.top(), rect.width() - drawingWidth - style.gap, rect.height()),
        style);
}

QString HashringView::statusText() const
{
    if (!inputError().isEmpty())
        return inputError();
    if (!session())
        return tr("computing…");
    return ConceptView::statusText();
}

void HashringView::setHighlight(const QString &target)
{
    m_highlight = target;
    applyHighlight();
}

void HashringView::applyHighlight()
{
    const HashringSession *session = hashringSession();
    QString node;
    std::int64_t key = -1;
    if (session && m_highlight.startsWith(QLatin1String("node:")))
        node = m_highlight.mid(5);
    else if (session && m_highlight.startsWith(QLatin1String("key:")))
        key = session->keyIndex(m_highlight.mid(4).toStdString());
    m_ring->setHighlight(node, key);
}

} // namespace conceptlab::hashring
