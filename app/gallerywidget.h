// The gallery: a card per concept module (icon, title, one-line text), built from
// plugin metadata alone, so it appears before any module is loaded.
#pragma once

#include "moduleregistry.h"

#include <QAbstractButton>
#include <QIcon>
#include <QWidget>

QT_BEGIN_NAMESPACE
class QGridLayout;
class QLabel;
QT_END_NAMESPACE

namespace conceptlab {

/// One clickable concept card.
class ConceptCard : public QAbstractButton {
    Q_OBJECT
public:
    ConceptCard(const ModuleInfo &info, QIcon icon, QWidget *parent = nullptr);
    QSize sizeHint() const override;
    QSize minimumSizeHint() const override;
    const QString &moduleId() const { return m_info.id; }

protected:
    void paintEvent(QPaintEvent *event) override;
    void enterEvent(QEnterEvent *event) override;
    void leaveEvent(QEvent *event) override;

private:
    ModuleInfo m_info;
    QIcon m_icon;
    bool m_hovered = false;
};

class GalleryWidget : public QWidget {
    Q_OBJECT
public:
    explicit GalleryWidget(QWidget *parent = nullptr);

    /// Rebuilds the cards from `registry`'s modules; shows a notice if plugins failed.
    void setModules(const ModuleRegistry &registry);
    /// Lists the lessons in `folder` (*.lesson.json) under the cards, by title.
    void setLessonFolder(const QString &folder);

    /// The icon of a module: <data dir>/icons/<id>.svg, or a drawn monogram.
    static QIcon iconFor(const ModuleInfo &info);

Q_SIGNALS:
    void moduleActivated(const QString &id);
    void failuresLinkActivated();
    void lessonActivated(const QString &path);

protected:
    void resizeEvent(QResizeEvent *event) override;

private:
    void relayout();

    QWidget *m_cardArea;
    QGridLayout *m_grid;
    QLabel *m_notice;
    QLabel *m_lessonsHeading;
    QLabel *m_lessons;
    QList<ConceptCard *> m_cards;
    int m_columns = 0;
};

} // namespace conceptlab
