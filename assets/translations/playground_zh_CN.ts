<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="zh_CN">
<context>
    <name>Lab</name>
    <message>
        <source>the decision boundary plot</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>the loss plot</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>the gradient flow plot</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>the hidden space plot</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>the compared loss curves</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Lesson</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Metrics and stop rules</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Gradient flow</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Hidden space</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Compare runs</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Export</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Network as a &amp;PyTorch module (.py)…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Network as &amp;equations (.txt)…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Loss &amp;history (.csv)…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Decision boundary (.png)…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Loss plot (.png)…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Gradient flow plot (.png)…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Hidden &amp;space plot (.png)…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Compared loss curves (.png)…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>L&amp;essons</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>La&amp;b</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Links show |∂L/∂w| instead of w</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Loaded the lesson: {title}</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Export failed</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Could not export {what}:

{error}</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Exported {what} to {path}</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Export the network as a PyTorch module</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Python (*.py)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>the PyTorch module</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Export the network as equations</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Text (*.txt)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>the equations</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Export the loss history</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>CSV (*.csv)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>the history</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Export as PNG</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>PNG images (*.png)</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>LessonPanel</name>
    <message>
        <source>Load lesso&amp;n</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Set up this lesson&apos;s network (or runs) and stop rule</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>Lessons</name>
    <message>
        <source>Loading opens its {runs} runs in the Compare runs view; press Play to train for {epochs:,} epochs.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Loading sets up the network; press Play to train for {epochs:,} epochs.</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>MainWindow</name>
    <message>
        <source>Neural Playground experiments (*.json);;All files (*)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Neural Playground</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;File</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Open…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Open a saved experiment</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Save</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Save config, weights and history</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Save &amp;As…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Open &amp;Recent</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Quit</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Training</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Play / Pause</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Step one epoch</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Reset network</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Re&amp;generate data</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Roll &amp;back to last finite weights</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;View</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Show &amp;test data</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Discretize output</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Log-scale loss</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Language</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Open experiment</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Save experiment</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Could not open the experiment</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Could not open {path}:

{error}

The current experiment is unchanged.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Could not save the experiment</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Could not save {path}:

{error}

Nothing was written.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Neural Playground — {name}</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Opened {path}.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Saved {path}</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Roll back to the last good weights</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>MetricsPanel</name>
    <message>
        <source>Test points</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Training points</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>reached the epoch limit</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>the test loss reached the target</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>the test accuracy reached the target</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>test loss {loss:.4g}</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>test accuracy {accuracy:.1f} %</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Stopped at epoch {epoch:,}: {reason} ({numbers}).</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>, </source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Metrics on</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Epoch</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Loss</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Accuracy</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Confusion matrix (rows: true class, columns: predicted class)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Stop training by itself</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>at epoch</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>when the test loss is below</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>when the test accuracy reaches</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>predicted {k}</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>true {k}</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>new</name>
    <message>
        <source>Neural Playground — {name}</source>
        <translation type="unfinished"></translation>
    </message>
</context>
</TS>
