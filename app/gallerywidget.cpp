// Gallery cards and their responsive grid.
#include "gallerywidget.h"

#include "charttheme.h"
#include "datapaths.h"

#include <QApplication>
#include <QDir>
#include <QFile>
#include <QFileInfo>
#include <QGridLayout>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QLabel>
#include <QPainter>
#include <QPainterPath>
#include <QScrollArea>
#include <QVBoxLayout>

namespace conceptlab {

namespace {
    constexpr int kCardWidth = 300;
    constexpr int kCardHeight = 164;
    constexpr int kIconSize = 56;
    constexpr int kSpacing = 16;

    QIcon monogramIcon(const ModuleInfo &info)
    {
        QPixmap pixmap(128, 128);
        pixmap.fill(Qt::transparent);
        QPainter painter(&pixmap);
        painter.setRenderHint(QPainter::Antialiasing);
        painter.setBrush(categoryColor(static_cast<int>(qHash(info.id) % 7)));
        painter.setPen(Qt::NoPen);
        painter.drawRoundedRect(QRectF(4, 4, 120, 120), 24, 24);
        QFont font = QApplication::font();
        font.setPixelSize(64);
        font.setBold(true);
        painter.setFont(font);
        painter.setPen(Qt::white);
        painter.drawText(QRect(0, 0, 128, 128), Qt::AlignCenter, info.title.left(1).toUpper());
        return QIcon(pixmap);
    }
} // namespace

ConceptCard::ConceptCard(const ModuleInfo &info, QIcon icon, QWidget *parent)
    : QAbstractButton(parent)
    , m_info(info)
    , m_icon(std::move(icon))
{
    setCursor(Qt::PointingHandCursor);
    setFocusPolicy(Qt::StrongFocus);
    setToolTip(QStringLiteral("%1\n%2").arg(info.title, info.card));
    setAccessibleName(info.title);
    setAccessibleDescription(info.card);
    setObjectName(QStringLiteral("card_") + info.id);
}

QSize ConceptCard::sizeHint() const
{
    return { kCardWidth, kCardHeight };
}

QSize ConceptCard::minimumSizeHint() const
{
    return { kCardWidth * 3 / 4, kCardHeight };
}

void ConceptCard::enterEvent(QEnterEvent *event)
{
    m_hovered = true;
    update();
    QAbstractButton::enterEvent(event);
}

void ConceptCard::leaveEvent(QEvent *event)
{
    m_hovered = false;
    update();
    QAbstractButton::leaveEvent(event);
}

void ConceptCard::paintEvent(QPaintEvent *)
{
    QPainter painter(this);
    painter.setRenderHint(QPainter::Antialiasing);
    const QPalette pal = palette();
    const QRectF frame = QRectF(rect()).adjusted(1.5, 1.5, -1.5, -1.5);
    QColor background = pal.color(QPalette::Base);
    if (m_hovered || isDown())
        background = pal.color(QPalette::AlternateBase);
    painter.setBrush(background);
    QPen border(hasFocus() ? pal.color(QPalette::Highlight) : pal.color(QPalette::Mid));
    border.setWidthF(hasFocus() ? 2.5 : 1.0);
    painter.setPen(border);
    painter.drawRoundedRect(frame, 10, 10);

    const int margin = 16;
    const QRect iconRect(margin, margin, kIconSize, kIconSize);
    m_icon.paint(&painter, iconRect);

    const int textLeft = iconRect.right() + margin;
    const int textWidth = width() - textLeft - margin;
    QFont titleFont = font();
    titleFont.setPointSizeF(titleFont.pointSizeF() * 1.25);
    titleFont.setBold(true);
    painter.setFont(titleFont);
    painter.setPen(pal.color(QPalette::Text));
    const QFontMetrics titleMetrics(titleFont);
    const QRect titleRect(textLeft, margin, textWidth, titleMetrics.height() * 2);
    QRect titleBounds;
    painter.drawText(titleRect, Qt::TextWordWrap | Qt::AlignLeft | Qt::AlignTop, m_info.title, &titleBounds);

    painter.setFont(font());
    QColor secondary = pal.color(QPalette::Text);
    secondary.setAlphaF(0.75f);
    painter.setPen(secondary);
    // The card text ends above the tag row.
    QFont tagFont = font();
    tagFont.setPointSizeF(tagFont.pointSizeF() * 0.85);
    const QFontMetrics tagMetrics(tagFont);
    const int tagTop = height() - margin - tagMetrics.height() - 2;
    const int textBottom = m_info.tags.isEmpty() ? height() - margin : tagTop - 4;
    const QRect cardRect(textLeft, titleBounds.bottom() + 6, textWidth, textBottom - titleBounds.bottom() - 6);
    const QFontMetrics metrics(font());
    // Elide the card text to the lines that fit rather than clipping a line in half.
    const int lines = std::max(1, cardRect.height() / metrics.lineSpacing());
    QString text = m_info.card;
    QRect needed = metrics.boundingRect(cardRect, Qt::TextWordWrap, text);
    while (needed.height() > lines * metrics.lineSpacing() && text.size() > 1) {
        const qsizetype space = text.lastIndexOf(QLatin1Char(' '), text.size() - 2);
        text = (space > 0 ? text.left(space) : text.left(text.size() - 2)) + QStringLiteral("…");
        needed = metrics.boundingRect(cardRect, Qt::TextWordWrap, text);
    }
    painter.drawText(cardRect, Qt::TextWordWrap | Qt::AlignLeft | Qt::AlignTop, text);

    if (!m_info.tags.isEmpty()) {
        // One tag, under the icon, keeps the card calm.
        const QString &tag = m_info.tags.first();
        const int w = std::min(tagMetrics.horizontalAdvance(tag) + 12, width() - 2 * margin);
        const int y = height() - margin - tagMetrics.height();
        QColor tagBackground = pal.color(QPalette::Highlight);
        tagBackground.setAlphaF(0.15f);
        painter.setFont(tagFont);
        painter.setBrush(tagBackground);
        painter.setPen(Qt::NoPen);
        painter.drawRoundedRect(QRectF(margin, y - 2, w, tagMetrics.height() + 4), 6, 6);
        painter.setPen(pal.color(QPalette::Text));
        painter.drawText(QRect(margin, y, w, tagMetrics.height()), Qt::AlignCenter,
            tagMetrics.elidedText(tag, Qt::ElideRight, w - 8));
    }
}

GalleryWidget::GalleryWidget(QWidget *parent)
    : QWidget(parent)
{
    auto *outer = new QVBoxLayout(this);
    outer->setContentsMargins(0, 0, 0, 0);
    auto *scroll = new QScrollArea(this);
    scroll->setWidgetResizable(true);
    scroll->setFrameShape(QFrame::NoFrame);
    outer->addWidget(scroll);

    auto *content = new QWidget(scroll);
    auto *layout = new QVBoxLayout(content);
    layout->setContentsMargins(32, 24, 32, 24);
    layout->setSpacing(12);
    auto *heading = new QLabel(tr("Concepts"), content);
    QFont headingFont = heading->font();
    headingFont.setPointSizeF(headingFont.pointSizeF() * 1.8);
    headingFont.setBold(true);
    heading->setFont(headingFont);
    auto *subtitle
        = new QLabel(tr("Each card is a live simulation: open one, change its parameters, step through it."), content);
    subtitle->setWordWrap(true);
    layout->addWidget(heading);
    layout->addWidget(subtitle);
    layout->addSpacing(8);

    m_cardArea = new QWidget(content);
    m_grid = new QGridLayout(m_cardArea);
    m_grid->setContentsMargins(0, 0, 0, 0);
    m_grid->setSpacing(kSpacing);
    layout->addWidget(m_cardArea);

    m_notice = new QLabel(content);
    m_notice->setWordWrap(true);
    m_notice->setTextFormat(Qt::RichText);
    m_notice->hide();
    connect(m_notice, &QLabel::linkActivated, this, &GalleryWidget::failuresLinkActivated);
    layout->addWidget(m_notice);

    layout->addSpacing(16);
    m_lessonsHeading = new QLabel(tr("Lessons"), content);
    QFont lessonsFont = headingFont;
    lessonsFont.setPointSizeF(headingFont.pointSizeF() / 1.5);
    m_lessonsHeading->setFont(lessonsFont);
    m_lessons = new QLabel(content);
    m_lessons->setTextFormat(Qt::RichText);
    m_lessons->setWordWrap(true);
    connect(m_lessons, &QLabel::linkActivated, this, &GalleryWidget::lessonActivated);
    layout->addWidget(m_lessonsHeading);
    layout->addWidget(m_lessons);
    m_lessonsHeading->hide();
    m_lessons->hide();
    layout->addStretch(1);
    scroll->setWidget(content);
}

QIcon GalleryWidget::iconFor(const ModuleInfo &info)
{
    const QString path = QDir(dataDirectory()).filePath(QStringLiteral("icons/%1.svg").arg(info.id));
    if (QFileInfo::exists(path))
        return QIcon(path);
    return monogramIcon(info);
}

void GalleryWidget::setModules(const ModuleRegistry &registry)
{
    qDeleteAll(m_cards);
    m_cards.clear();
    for (const ModuleInfo &info : registry.modules()) {
        auto *card = new ConceptCard(info, iconFor(info), m_cardArea);
        connect(card, &ConceptCard::clicked, this, [this, id = info.id] { Q_EMIT moduleActivated(id); });
        m_cards.append(card);
    }
    QStringList notices;
    if (registry.modules().isEmpty())
        notices.append(tr("No concept modules were found. Searched: %1.")
                           .arg(ModuleRegistry::defaultSearchPaths().join(QStringLiteral(", ")).toHtmlEscaped()));
    if (!registry.failures().isEmpty())
        notices.append(
            (registry.failures().size() == 1 ? tr("1 plugin could not be used.")
                                             : tr("%1 plugins could not be used.").arg(registry.failures().size()))
            + QStringLiteral(" <a href=\"#failures\">") + tr("Details…") + QStringLiteral("</a>"));
    m_notice->setText(notices.join(QStringLiteral("<br>")));
    m_notice->setVisible(!notices.isEmpty());
    m_columns = 0;
    relayout();
}

void GalleryWidget::setLessonFolder(const QString &folder)
{
    QStringList items;
    const QDir dir(folder);
    for (const QString &name : dir.entryList({ QStringLiteral("*.lesson.json") }, QDir::Files, QDir::Name)) {
        QFile file(dir.filePath(name));
        if (!file.open(QIODevice::ReadOnly))
            continue;
        const QJsonObject root = QJsonDocument::fromJson(file.readAll()).object();
        const QString title = root.value(QLatin1String("title")).toString(name);
        const qsizetype steps = root.value(QLatin1String("steps")).toArray().size();
        items.append(QStringLiteral("<a href=\"%1\">%2</a> · %3")
                         .arg(dir.filePath(name).toHtmlEscaped(), title.toHtmlEscaped(), tr("%1 steps").arg(steps)));
    }
    m_lessons->setText(items.join(QStringLiteral("<br>")));
    m_lessonsHeading->setVisible(!items.isEmpty());
    m_lessons->setVisible(!items.isEmpty());
}

void GalleryWidget::resizeEvent(QResizeEvent *event)
{
    QWidget::resizeEvent(event);
    relayout();
}

void GalleryWidget::relayout()
{
    const int available = std::max(1, width() - 64);
    const int columns = std::clamp((available + kSpacing) / (kCardWidth + kSpacing), 1, 4);
    if (columns == m_columns && m_grid->count() == m_cards.size())
        return;
    m_columns = columns;
    while (m_grid->count() > 0)
        delete m_grid->takeAt(0);
    for (int i = 0; i < m_cards.size(); ++i)
        m_grid->addWidget(m_cards.at(i), i / columns, i % columns);
    for (int c = 0; c < 4; ++c)
        m_grid->setColumnStretch(c, c < columns ? 1 : 0);
}

} // namespace conceptlab
