<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="zh_CN">
<context>
    <name>Autosave</name>
    <message>
        <source>an unknown time</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>{count:,} points of your own</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Saved at {when}: data {name}, {layers} hidden layer(s), trained {epochs:,} epochs.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Autosaved experiment cannot be restored</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>An experiment autosaved before the playground last stopped cannot be restored:

{error}

The file is kept as {path}</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Restore the last experiment?</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The playground stopped without closing normally (a crash or a kill). Its last experiment was saved automatically.

{description}

Restore it? (No deletes the autosaved copy.)</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>ColorLegend</name>
    <message>
        <source>class {k}</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>CompareView</name>
    <message>
        <source>no hidden layer</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Compare runs: {error}</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>At most {count} runs can be compared; remove one first.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Compare runs: training failed: {error}</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Train</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Train every run, round-robin, to the chosen epoch</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Reset</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Every run back to epoch 0 and its initial weights</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>to epoch </source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Log scale</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Add this network</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Add the main window&apos;s network as a run (on the runs&apos; data and seed; at most 4 runs)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>epoch</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>loss: test —, training - -</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>No runs yet. Load the lesson &apos;deep vs fat&apos; or &apos;optimizer race&apos;, or add this window&apos;s network, change it, and add it again.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Pause</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>{params:,} params · epoch {epoch:,}&lt;br&gt;test loss {loss:.3f}</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Remove this run and its history</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>DataPanel</name>
    <message>
        <source>DATA</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Which data set do you want to use?</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Classes (spiral, blobs):</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Re&amp;generate</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>New random data, same weights</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Test data: {percent} %</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Noise: {percent} %</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Batch size: {size}</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>full</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>DatasetButton</name>
    <message>
        <source>Use the {name} data set (resets the network)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>{name} data set</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>Datasets</name>
    <message>
        <source>circle</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>xor</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>gauss</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>spiral</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>moons</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>checkerboard</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>blobs</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>plane</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>multi gauss</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>GradientPanel</name>
    <message>
        <source>layer {n}: {what}</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>output layer</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Links show |∂L/∂w|</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Draw the network&apos;s links by the size of their gradient in the last step instead of their weight: thin and pale = the weight barely moves</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>tiny</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>largest</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Link colour and width: |∂L/∂w| on a log scale, relative to the largest</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>epoch</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>|∂L/∂W| (log scale)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Latest epoch: first layer {first}, output layer {last}, ratio {ratio:.2g}</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>: the first layer hardly learns (vanishing gradient)</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>HiddenSpacePanel</name>
    <message>
        <source>First two principal components</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Two neurons</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The layer whose outputs are the coordinates of each point</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The neuron on the horizontal axis</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The neuron on the vertical axis</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>neuron </source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Test points</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>La&amp;yer</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Left: the data and the grid lines of the input square (x1 = const darker, x2 = const lighter). Right: the same points and lines placed by the chosen layer&apos;s outputs.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Input (x1, x2)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>neuron {k}</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>PC {k} ({percent} % of the variance)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>PC {k}</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>(the layer has one neuron)</source>
        <translation type="unfinished"></translation>
    </message>
</context>
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
    <name>LossPlot</name>
    <message>
        <source>epoch</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Training loss</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Test loss</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Epoch {epoch:,}: training loss {train:.4f}, test loss {test:.4f}</source>
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
    <name>MessageBanner</name>
    <message>
        <source>Hide this message</source>
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
    <name>NetworkView</name>
    <message>
        <source>{total} neurons in this layer; the first {drawn} are drawn</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Bias {value}
{where}
Click to type a new value</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Weight {value}
{where}
Click to type a new value</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Input feature {name}: click to use it or not (resets the network)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>FEATURES</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Remove the last hidden layer (resets the network)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Add a hidden layer (resets the network)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>{count} HIDDEN LAYERS</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>1 HIDDEN LAYER</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Remove a neuron from this layer (resets the network)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Add a neuron to this layer (resets the network)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>{count} neurons</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>1 neuron</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>OUTPUT</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>input {name}</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>the output neuron</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>output neuron {k} (class {c})</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>neuron {k} of hidden layer {layer}</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>{name}: the network&apos;s prediction over the input square</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>maxout of {pieces} pieces</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>{name} ({kind}): its output over the input square</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>OptimizerSettingsButton</name>
    <message>
        <source>momentum</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>dampening</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>weight_decay</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>betas[0]</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>betas[1]</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>eps</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>rho</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>alpha</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>lr_decay</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>initial_accumulator_value</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>momentum_decay</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Settings…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Optimizer hyper-parameters (take effect immediately)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>PyTorch default {value:g}</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>lr is the Learning rate control (PyTorch default {value:g})</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>OutputPanel</name>
    <message>
        <source>Cross-entropy</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Hinge</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>OUTPUT</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The loss training minimises: cross-entropy, mean squared error or hinge (regression: MSE only). Changing it resets the network.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Lo&amp;ss</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Test loss</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Training loss</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>accuracy</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Log-scale loss</source>
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
        <source>Resolution of the boundary and neuron heatmaps</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Resolution</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>{count:,} trainable parameters</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>predicted value</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>class 0</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>probability of class 1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>class 1</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>TopBar</name>
    <message>
        <source>None</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Classification</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Regression</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Momentum</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Nesterov</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Reset the network: new initial weights, epoch 0 (Ctrl+R)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Reset</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Run / pause training (Space)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Play</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Train one epoch (Right arrow)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Step one epoch</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Epoch</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Epochs / s</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Learning rate: changes the running network at once (type any value)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Learning rate</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Activation of every hidden layer (resets the network)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Activation</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Weight penalty: changes the running network at once</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Regularization</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Strength of the weight penalty</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Regularization ra&amp;te</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Classify points by colour, or fit a value (resets the network)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Problem type</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Optimizer: changes the running network at once</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Optimizer</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Compiling kernels…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Pause</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>TrainingWorker</name>
    <message>
        <source>Training stopped: the loss or the weights became infinite or not-a-number (NaN). This usually means the learning rate is too high — pick a smaller one, then roll back to the last good weights or reset.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Compiling kernels…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The last settings could not be used ({error}); starting from the defaults.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The training engine could not start: {error}</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Unknown command {name}</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>{command} failed: {error}</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>There are no finite weights to roll back to; press Reset instead.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Training failed: {error}</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>WeightEditor</name>
    <message>
        <source>Type a number and press Enter</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Type {count} numbers separated by commas</source>
        <translation type="unfinished"></translation>
    </message>
</context>
</TS>
