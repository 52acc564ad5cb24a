// The graphcapture plugin: parameters, the headless run and the live view.
#pragma once

#include "conceptmodule.h"

#include <QObject>

namespace conceptlab::graphcapture {

/// Example program names (file stems under :/graphcapture/), in menu order.
QStringList exampleNames();
/// The source of an example ("" when unknown).
QString exampleSource(const QString &name);

class GraphCaptureModule : public QObject, public conceptlab::ConceptModule {
    Q_OBJECT
    Q_PLUGIN_METADATA(IID ConceptModule_iid FILE "../graphcapture.json")
    Q_INTERFACES(conceptlab::ConceptModule)
public:
    conceptlab::ParameterSchema parameters() const override;
    conceptlab::ConceptView *createView(QWidget *parent) override;
    conceptlab::RunResult run(const conceptlab::ParameterValues &values, const conceptlab::Progress &progress) override;
};

} // namespace conceptlab::graphcapture
