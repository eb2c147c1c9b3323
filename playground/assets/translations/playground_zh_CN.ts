<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="zh_CN">
<context>
    <name>ActivationsPanel</name>
    <message>
        <source>Show the weights&apos; gradients instead</source>
        <translation>改为显示权重的梯度</translation>
    </message>
    <message>
        <source>Each layer&apos;s ∂L/∂w of the last step, instead of its outputs</source>
        <translation>显示每层上一步的 ∂L/∂w，而不是它的输出</translation>
    </message>
    <message>
        <source>Each layer&apos;s outputs over the training points, as shares of the points.</source>
        <translation>每层在训练点上的输出，按点数的比例显示。</translation>
    </message>
    <message>
        <source>Each layer&apos;s ∂L/∂w of the last step, as shares of its weights.</source>
        <translation>每层上一步的 ∂L/∂w，按权重个数的比例显示。</translation>
    </message>
    <message>
        <source>Layer {n}: {units} {activation}</source>
        <translation>第 {n} 层：{units} 个 {activation}</translation>
    </message>
    <message>
        <source>, {share:.0%} saturated</source>
        <translation>，{share:.0%} 饱和</translation>
    </message>
    <message>
        <source>, {share:.0%} of neurons dead</source>
        <translation>，{share:.0%} 的神经元已死亡</translation>
    </message>
</context>
<context>
    <name>Autosave</name>
    <message>
        <source>an unknown time</source>
        <translation>未知时间</translation>
    </message>
    <message>
        <source>{count:,} points of your own</source>
        <translation>你自己的 {count:,} 个点</translation>
    </message>
    <message>
        <source>Saved at {when}: data {name}, {layers} hidden layer(s), trained {epochs:,} epochs.</source>
        <translation>保存于 {when}：数据 {name}，{layers} 个隐藏层，已训练 {epochs:,} 轮。</translation>
    </message>
    <message>
        <source>Autosaved experiment cannot be restored</source>
        <translation>无法恢复自动保存的实验</translation>
    </message>
    <message>
        <source>An experiment autosaved before the playground last stopped cannot be restored:

{error}

The file is kept as {path}</source>
        <translation>上次程序停止前自动保存的实验无法恢复：

{error}

该文件已保留为 {path}</translation>
    </message>
    <message>
        <source>Restore the last experiment?</source>
        <translation>恢复上次的实验？</translation>
    </message>
    <message>
        <source>The playground stopped without closing normally (a crash or a kill). Its last experiment was saved automatically.

{description}

Restore it? (No deletes the autosaved copy.)</source>
        <translation>程序上次未正常关闭（崩溃或被强制结束），最后的实验已自动保存。

{description}

要恢复它吗？（选“否”将删除自动保存的副本。）</translation>
    </message>
</context>
<context>
    <name>BackpropPanel</name>
    <message>
        <source>piece {k} wins</source>
        <translation>第 {k} 段胜出</translation>
    </message>
    <message>
        <source>Not computed yet: step forward to layer {layer}.</source>
        <translation>还没有算到这里：向前走到第 {layer} 层。</translation>
    </message>
    <message>
        <source>it carries {source} into {target}</source>
        <translation>它把 {source} 送入 {target}</translation>
    </message>
    <message>
        <source>Click a point on the output plot to follow it through the network.</source>
        <translation>在输出图上点一个点，跟着它走过整个网络。</translation>
    </message>
    <message>
        <source>← Back</source>
        <translation>← 上一步</translation>
    </message>
    <message>
        <source>Next →</source>
        <translation>下一步 →</translation>
    </message>
    <message>
        <source>Start over</source>
        <translation>从头开始</translation>
    </message>
    <message>
        <source>Apply this update</source>
        <translation>应用这次更新</translation>
    </message>
    <message>
        <source>Take exactly this step on this one point: the weights move to the new values shown</source>
        <translation>只用这一个点正好走这一步：权重变成所示的新值</translation>
    </message>
    <message>
        <source>Formula (click a neuron or a link)</source>
        <translation>公式（点一个神经元或一条连线）</translation>
    </message>
    <message>
        <source>This point cannot be followed: {error}</source>
        <translation>无法跟踪这个点：{error}</translation>
    </message>
    <message>
        <source>Applied one step: the loss on this point went from {before} to {after}.</source>
        <translation>已应用一步：这个点上的损失从 {before} 变为 {after}。</translation>
    </message>
    <message>
        <source>Input: the image of a {label}, its {count} pixels, becomes the inputs a₁</source>
        <translation>输入：一张 {label} 的图像，它的 {count} 个像素成为输入 a₁</translation>
    </message>
    <message>
        <source>Input: the point ({x1}, {x2}) with label {label} becomes the features a₁</source>
        <translation>输入：标签为 {label} 的点 ({x1}, {x2}) 变成特征 a₁</translation>
    </message>
    <message>
        <source>Output layer {layer}, forward: s = W{n}ᵀ a{m} + b{n}</source>
        <translation>输出层 {layer}，前向：s = W{n}ᵀ a{m} + b{n}</translation>
    </message>
    <message>
        <source>Layer {layer}, forward: a{n} = the largest of each neuron&apos;s pieces Wᵀ a{m} + b</source>
        <translation>第 {layer} 层，前向：a{n} = 每个神经元各段 Wᵀ a{m} + b 中最大的一个</translation>
    </message>
    <message>
        <source>Layer {layer}, forward: z{n} = W{n}ᵀ a{m} + b{n},  a{n} = f(z{n})</source>
        <translation>第 {layer} 层，前向：z{n} = W{n}ᵀ a{m} + b{n}，a{n} = f(z{n})</translation>
    </message>
    <message>
        <source>Loss: {formula}</source>
        <translation>损失：{formula}</translation>
    </message>
    <message>
        <source>Output layer {layer}, backward: δ{n} = ∂L/∂s;  ∂L/∂W{n} = a{m} δ{n}ᵀ</source>
        <translation>输出层 {layer}，反向：δ{n} = ∂L/∂s；∂L/∂W{n} = a{m} δ{n}ᵀ</translation>
    </message>
    <message>
        <source>Layer {layer}, backward: δ{n} = W{k} δ{k}, through each neuron&apos;s winning piece only</source>
        <translation>第 {layer} 层，反向：δ{n} = W{k} δ{k}，只经过每个神经元胜出的那一段</translation>
    </message>
    <message>
        <source>Layer {layer}, backward: δ{n} = (W{k} δ{k}) ⊙ f′(z{n});  ∂L/∂W{n} = a{m} δ{n}ᵀ</source>
        <translation>第 {layer} 层，反向：δ{n} = (W{k} δ{k}) ⊙ f′(z{n})；∂L/∂W{n} = a{m} δ{n}ᵀ</translation>
    </message>
    <message>
        <source>Update: w ← w − η ∂L/∂w with η = {lr}</source>
        <translation>更新：w ← w − η ∂L/∂w，η = {lr}</translation>
    </message>
    <message>
        <source>Update: each weight takes the {optimizer} step shown (its state changes only when applied)</source>
        <translation>更新：每个权重走所示的 {optimizer} 一步（只有应用后优化器状态才会改变）</translation>
    </message>
    <message>
        <source>The first training image, a {label}: step {k} of {count}.</source>
        <translation>第一张训练图像，是 {label}：第 {k} 步，共 {count} 步。</translation>
    </message>
    <message>
        <source>Test digit {n}, a {label}, the one shown under the pad: step {k} of {count}. Its arrows ◀ ▶ pick another.</source>
        <translation>第 {n} 个测试数字，是 {label}，即手写板下方显示的那个：第 {k} 步，共 {count} 步。用它两旁的箭头 ◀ ▶ 换一个。</translation>
    </message>
    <message>
        <source>Point ({x1}, {x2}), label {label}: step {k} of {count}. Click another point on the output plot to follow it.</source>
        <translation>点 ({x1}, {x2})，标签 {label}：第 {k} 步，共 {count} 步。在输出图上点另一个点可以改为跟踪它。</translation>
    </message>
    <message>
        <source>Loss on this point: {loss}</source>
        <translation>这个点上的损失：{loss}</translation>
    </message>
</context>
<context>
    <name>Classroom</name>
    <message>
        <source>Learning rate</source>
        <translation>学习率</translation>
    </message>
    <message>
        <source>Activation</source>
        <translation>激活函数</translation>
    </message>
    <message>
        <source>Regularization and its rate</source>
        <translation>正则化及其系数</translation>
    </message>
    <message>
        <source>Problem type</source>
        <translation>问题类型</translation>
    </message>
    <message>
        <source>Optimizer and its settings</source>
        <translation>优化器及其设置</translation>
    </message>
    <message>
        <source>Speed</source>
        <translation>速度</translation>
    </message>
    <message>
        <source>Data sets</source>
        <translation>数据集</translation>
    </message>
    <message>
        <source>Ratio of training to test data</source>
        <translation>训练数据与测试数据的比例</translation>
    </message>
    <message>
        <source>Noise</source>
        <translation>噪声</translation>
    </message>
    <message>
        <source>Batch size</source>
        <translation>批大小</translation>
    </message>
    <message>
        <source>Classes</source>
        <translation>类别数</translation>
    </message>
    <message>
        <source>Regenerate</source>
        <translation>重新生成</translation>
    </message>
    <message>
        <source>Layer palette (Dense, Maxout, Dropout)</source>
        <translation>层面板（Dense、Maxout、Dropout）</translation>
    </message>
    <message>
        <source>Loss function</source>
        <translation>损失函数</translation>
    </message>
    <message>
        <source>&amp;Presentation mode</source>
        <translation>演示模式(&amp;P)</translation>
    </message>
    <message>
        <source>Full screen with larger type and lines, for a projector (Esc or F11 ends it)</source>
        <translation>全屏，字体和线条更大，适合投影仪（按 Esc 或 F11 退出）</translation>
    </message>
    <message>
        <source>&amp;Classroom: controls shown</source>
        <translation>课堂：显示的控件(&amp;C)</translation>
    </message>
    <message>
        <source>Show &amp;every control</source>
        <translation>显示所有控件(&amp;E)</translation>
    </message>
    <message>
        <source>&amp;Classroom: controls shown ({hidden} hidden)</source>
        <translation>课堂：显示的控件（已隐藏 {hidden} 个）(&amp;C)</translation>
    </message>
</context>
<context>
    <name>ColorLegend</name>
    <message>
        <source>class {k}</source>
        <translation>类别 {k}</translation>
    </message>
</context>
<context>
    <name>CompareView</name>
    <message>
        <source>no hidden layer</source>
        <translation>无隐藏层</translation>
    </message>
    <message>
        <source>{net}, {optimizer}, learning rate {lr:g}</source>
        <translation>{net}，{optimizer}，学习率 {lr:g}</translation>
    </message>
    <message>
        <source>Train</source>
        <translation>训练</translation>
    </message>
    <message>
        <source>Train every run, round-robin, to the chosen epoch</source>
        <translation>轮流训练每个网络，直到选定的轮次</translation>
    </message>
    <message>
        <source>Reset</source>
        <translation>重置</translation>
    </message>
    <message>
        <source>Every run back to epoch 0 and its initial weights</source>
        <translation>所有网络回到第 0 轮和各自的初始权重</translation>
    </message>
    <message>
        <source>to epoch </source>
        <translation>训练到第 </translation>
    </message>
    <message>
        <source>Log scale</source>
        <translation>对数刻度</translation>
    </message>
    <message>
        <source>Add this network</source>
        <translation>加入当前网络</translation>
    </message>
    <message>
        <source>Add the main window&apos;s network as a run (on the runs&apos; data and seed; at most 4 runs)</source>
        <translation>把主窗口的网络加入对比（使用已有训练的数据和随机种子；最多 4 个）</translation>
    </message>
    <message>
        <source>epoch</source>
        <translation>轮次</translation>
    </message>
    <message>
        <source>loss: test —, training - -</source>
        <translation>损失：测试 —，训练 - -</translation>
    </message>
    <message>
        <source>No runs yet. Load the lesson &apos;deep vs fat&apos; or &apos;optimizer race&apos;, or add this window&apos;s network, change it, and add it again.</source>
        <translation>还没有对比的网络。请加载课程“深而窄胜过浅而宽”或“优化器赛跑”，或者加入当前窗口的网络，修改后再加入一次。</translation>
    </message>
    <message>
        <source>loss {loss:.3f}</source>
        <translation>损失 {loss:.3f}</translation>
    </message>
    <message>
        <source>epoch {epoch:,} · {params:,} params</source>
        <translation>第 {epoch:,} 轮 · {params:,} 个参数</translation>
    </message>
    <message>
        <source>Pause</source>
        <translation>暂停</translation>
    </message>
    <message>
        <source>Remove this run and its history</source>
        <translation>移除这个网络及其训练记录</translation>
    </message>
</context>
<context>
    <name>CurrentDigit</name>
    <message>
        <source>The current digit as the network sees it: ← and → step through the test digits</source>
        <translation>网络看到的当前数字：← 和 → 逐个浏览测试数字</translation>
    </message>
</context>
<context>
    <name>DataPanel</name>
    <message>
        <source>DATA</source>
        <translation>数据</translation>
    </message>
    <message>
        <source>Which data set do you want to use?</source>
        <translation>选择要使用的数据集：</translation>
    </message>
    <message>
        <source>“{text}” classes cannot be used: spiral and blobs have {lo} to {hi} classes. The data keeps {value}.</source>
        <translation>不能用“{text}”个类别:螺旋和团簇数据有 {lo} 到 {hi} 个类别。数据仍为 {value} 个类别。</translation>
    </message>
    <message>
        <source>Number of classes of spiral and blobs ({lo}–{hi}; resets the network)</source>
        <translation>螺旋和团簇数据的类别数({lo}–{hi};会重置网络)</translation>
    </message>
    <message>
        <source>&amp;Classes (spiral, blobs):</source>
        <translation>类别数（螺旋、多团）(&amp;C)：</translation>
    </message>
    <message>
        <source>Re&amp;generate</source>
        <translation>重新生成(&amp;G)</translation>
    </message>
    <message>
        <source>New random data, same weights</source>
        <translation>生成新的随机数据，权重不变</translation>
    </message>
    <message>
        <source>&amp;Test data: {percent} %</source>
        <translation>测试数据比例(&amp;T)：{percent} %</translation>
    </message>
    <message>
        <source>&amp;Noise: {percent} %</source>
        <translation>噪声(&amp;N)：{percent} %</translation>
    </message>
    <message>
        <source>&amp;Batch size: {size}</source>
        <translation>批大小(&amp;B)：{size}</translation>
    </message>
    <message>
        <source>full</source>
        <translation>全部</translation>
    </message>
</context>
<context>
    <name>DatasetButton</name>
    <message>
        <source>Use the {name} data set (resets the network)</source>
        <translation>使用“{name}”数据集（会重置网络）</translation>
    </message>
    <message>
        <source>{name} data set</source>
        <translation>“{name}”数据集</translation>
    </message>
</context>
<context>
    <name>Datasets</name>
    <message>
        <source>circle</source>
        <translation>圆形</translation>
    </message>
    <message>
        <source>xor</source>
        <translation>异或</translation>
    </message>
    <message>
        <source>gauss</source>
        <translation>高斯</translation>
    </message>
    <message>
        <source>spiral</source>
        <translation>螺旋</translation>
    </message>
    <message>
        <source>moons</source>
        <translation>双月</translation>
    </message>
    <message>
        <source>checkerboard</source>
        <translation>棋盘</translation>
    </message>
    <message>
        <source>blobs</source>
        <translation>多团</translation>
    </message>
    <message>
        <source>plane</source>
        <translation>平面</translation>
    </message>
    <message>
        <source>multi gauss</source>
        <translation>多高斯</translation>
    </message>
    <message>
        <source>digits</source>
        <translation>手写数字</translation>
    </message>
</context>
<context>
    <name>DigitPanel</name>
    <message>
        <source>Previous test digit (←)</source>
        <translation>上一个测试数字（←）</translation>
    </message>
    <message>
        <source>Next test digit (→)</source>
        <translation>下一个测试数字（→）</translation>
    </message>
    <message>
        <source>What the network sees of your drawing: 8×8, made the way the digits were made</source>
        <translation>网络看到的你的手写：8×8，按这些数字的制作方式得到</translation>
    </message>
    <message>
        <source>Clear</source>
        <translation>清除</translation>
    </message>
    <message>
        <source>Wipe the pad</source>
        <translation>擦掉画板</translation>
    </message>
    <message>
        <source>Which digit your drawing is</source>
        <translation>你写的是哪个数字</translation>
    </message>
    <message>
        <source>It is a</source>
        <translation>它是</translation>
    </message>
    <message>
        <source>Add to training data</source>
        <translation>加入训练数据</translation>
    </message>
    <message>
        <source>Put your drawing, with this label, into the training set (the weights stay)</source>
        <translation>把你的手写连同这个标签放进训练集（权重保留）</translation>
    </message>
</context>
<context>
    <name>DrawingPad</name>
    <message>
        <source>Write a digit here with the mouse</source>
        <translation>用鼠标在这里写一个数字</translation>
    </message>
    <message>
        <source>Drawing pad</source>
        <translation>画板</translation>
    </message>
    <message>
        <source>draw a digit</source>
        <translation>写一个数字</translation>
    </message>
</context>
<context>
    <name>DropoutChip</name>
    <message>
        <source>“{text}” is not a dropout rate: rate {lo}–{hi} (the share of outputs silenced). The layer keeps {value}.</source>
        <translation>“{text}”不是可用的丢弃率:丢弃率 {lo}–{hi}(被关掉的输出所占比例)。这一层仍为 {value}。</translation>
    </message>
    <message>
        <source>Share of the outputs silenced while training (resets the network)</source>
        <translation>训练时被随机置零的输出比例（会重置网络）</translation>
    </message>
    <message>
        <source>Dropout {rate:g}: {tip}</source>
        <translation>Dropout {rate:g}：{tip}</translation>
    </message>
</context>
<context>
    <name>FormulaField</name>
    <message>
        <source>Apply</source>
        <translation>应用</translation>
    </message>
</context>
<context>
    <name>GradientPanel</name>
    <message>
        <source>{n}: {what}</source>
        <translation>{n}：{what}</translation>
    </message>
    <message>
        <source>output</source>
        <translation>输出层</translation>
    </message>
    <message>
        <source>layer {n}: {what}</source>
        <translation>第 {n} 层：{what}</translation>
    </message>
    <message>
        <source>output layer</source>
        <translation>输出层</translation>
    </message>
    <message>
        <source>Links show |∂L/∂w|</source>
        <translation>连线显示 |∂L/∂w|</translation>
    </message>
    <message>
        <source>Draw the network&apos;s links by the size of their gradient in the last step instead of their weight: thin and pale = the weight barely moves</source>
        <translation>按上一步梯度的大小（而不是权重）绘制网络的连线：又细又浅 = 这个权重几乎不动</translation>
    </message>
    <message>
        <source>tiny</source>
        <translation>极小</translation>
    </message>
    <message>
        <source>largest</source>
        <translation>最大</translation>
    </message>
    <message>
        <source>Link colour and width: |∂L/∂w| on a log scale, relative to the largest</source>
        <translation>连线的颜色和粗细：|∂L/∂w| 的对数刻度，相对于最大值</translation>
    </message>
    <message>
        <source>epoch</source>
        <translation>轮次</translation>
    </message>
    <message>
        <source>|∂L/∂W| (log scale)</source>
        <translation>|∂L/∂W|（对数刻度）</translation>
    </message>
    <message>
        <source>Latest epoch: first layer {first}, output layer {last}, ratio {ratio:.2g}</source>
        <translation>最近一轮：第一层 {first}，输出层 {last}，比值 {ratio:.2g}</translation>
    </message>
    <message>
        <source>: the first layer hardly learns (vanishing gradient)</source>
        <translation>：第一层几乎学不动（梯度消失）</translation>
    </message>
</context>
<context>
    <name>HiddenSpacePanel</name>
    <message>
        <source>First two principal components</source>
        <translation>前两个主成分</translation>
    </message>
    <message>
        <source>Two neurons</source>
        <translation>两个神经元</translation>
    </message>
    <message>
        <source>The layer whose outputs are the coordinates of each point</source>
        <translation>用这一层的输出作为每个点的坐标</translation>
    </message>
    <message>
        <source>The neuron on the horizontal axis</source>
        <translation>横轴上的神经元</translation>
    </message>
    <message>
        <source>The neuron on the vertical axis</source>
        <translation>纵轴上的神经元</translation>
    </message>
    <message>
        <source>neuron </source>
        <translation>神经元 </translation>
    </message>
    <message>
        <source>Test points</source>
        <translation>测试点</translation>
    </message>
    <message>
        <source>La&amp;yer</source>
        <translation>层(&amp;Y)</translation>
    </message>
    <message>
        <source>Left: the data and the grid lines of the input square (x1 = const darker, x2 = const lighter). Right: the same points and lines placed by the chosen layer&apos;s outputs.</source>
        <translation>左：数据和输入方形区域的网格线（x1 = 常数的线较深，x2 = 常数的线较浅）。右：同样的点和线，按所选层的输出摆放。</translation>
    </message>
    <message>
        <source>Input (x1, x2)</source>
        <translation>输入 (x1, x2)</translation>
    </message>
    <message>
        <source>neuron {k}</source>
        <translation>神经元 {k}</translation>
    </message>
    <message>
        <source>PC {k} ({percent} % of the variance)</source>
        <translation>主成分 {k}（占方差 {percent} %）</translation>
    </message>
    <message>
        <source>PC {k}</source>
        <translation>主成分 {k}</translation>
    </message>
    <message>
        <source>(the layer has one neuron)</source>
        <translation>（该层只有一个神经元）</translation>
    </message>
    <message>
        <source>pixels: PC {k}</source>
        <translation>像素：主成分 {k}</translation>
    </message>
    <message>
        <source>pixel {k}</source>
        <translation>像素 {k}</translation>
    </message>
</context>
<context>
    <name>ImageMode</name>
    <message>
        <source>Misclassified digits</source>
        <translation>识别错误的数字</translation>
    </message>
    <message>
        <source>&amp;Misclassified digits (images)</source>
        <translation>识别错误的数字（图像）(&amp;M)</translation>
    </message>
    <message>
        <source>Your {label} is in the training data now ({count} of your digits there).</source>
        <translation>你写的 {label} 已加入训练数据（其中有 {count} 个是你写的）。</translation>
    </message>
    <message>
        <source>{count} of yours in the training data</source>
        <translation>训练数据中有 {count} 个是你写的</translation>
    </message>
    <message>
        <source>Your drawing.</source>
        <translation>你的手写。</translation>
    </message>
    <message>
        <source>The pad is empty.</source>
        <translation>画板是空的。</translation>
    </message>
    <message>
        <source>Test digit {n} of {total}: a {label}.</source>
        <translation>第 {n} 个测试数字（共 {total} 个）：{label}。</translation>
    </message>
    <message>
        <source>The network reads a {digit} ({p:.0f} %).</source>
        <translation>网络认为是 {digit}（{p:.0f} %）。</translation>
    </message>
    <message>
        <source>Draw a digit on the pad</source>
        <translation>在画板上写一个数字</translation>
    </message>
</context>
<context>
    <name>Lab</name>
    <message>
        <source>the decision boundary plot</source>
        <translation>决策边界图</translation>
    </message>
    <message>
        <source>the loss plot</source>
        <translation>损失曲线图</translation>
    </message>
    <message>
        <source>the gradient flow plot</source>
        <translation>梯度流图</translation>
    </message>
    <message>
        <source>the hidden space plot</source>
        <translation>隐藏层空间图</translation>
    </message>
    <message>
        <source>the compared loss curves</source>
        <translation>对比的损失曲线</translation>
    </message>
    <message>
        <source>Lesson</source>
        <translation>课程</translation>
    </message>
    <message>
        <source>Metrics and stop rules</source>
        <translation>指标与停止规则</translation>
    </message>
    <message>
        <source>Gradient flow</source>
        <translation>梯度流</translation>
    </message>
    <message>
        <source>Hidden space</source>
        <translation>隐藏层空间</translation>
    </message>
    <message>
        <source>Compare runs</source>
        <translation>对比训练</translation>
    </message>
    <message>
        <source>Optimizer landscape</source>
        <translation>优化器地形</translation>
    </message>
    <message>
        <source>Activations</source>
        <translation>激活值</translation>
    </message>
    <message>
        <source>Backprop step by step</source>
        <translation>逐步反向传播</translation>
    </message>
    <message>
        <source>&amp;Export</source>
        <translation>导出(&amp;E)</translation>
    </message>
    <message>
        <source>Network as a &amp;PyTorch module (.py)…</source>
        <translation>网络导出为 PyTorch 模块 (.py)(&amp;P)…</translation>
    </message>
    <message>
        <source>Network as &amp;equations (.txt)…</source>
        <translation>网络导出为方程 (.txt)(&amp;E)…</translation>
    </message>
    <message>
        <source>Loss &amp;history (.csv)…</source>
        <translation>损失历史 (.csv)(&amp;H)…</translation>
    </message>
    <message>
        <source>&amp;Decision boundary (.png)…</source>
        <translation>决策边界 (.png)(&amp;D)…</translation>
    </message>
    <message>
        <source>&amp;Loss plot (.png)…</source>
        <translation>损失曲线 (.png)(&amp;L)…</translation>
    </message>
    <message>
        <source>&amp;Gradient flow plot (.png)…</source>
        <translation>梯度流图 (.png)(&amp;G)…</translation>
    </message>
    <message>
        <source>Hidden &amp;space plot (.png)…</source>
        <translation>隐藏层空间图 (.png)(&amp;S)…</translation>
    </message>
    <message>
        <source>&amp;Compared loss curves (.png)…</source>
        <translation>对比的损失曲线 (.png)(&amp;C)…</translation>
    </message>
    <message>
        <source>Links show |∂L/∂w| instead of w</source>
        <translation>连线显示 |∂L/∂w| 而不是 w</translation>
    </message>
    <message>
        <source>Loaded the lesson: {title}</source>
        <translation>已加载课程：{title}</translation>
    </message>
    <message>
        <source>Export failed</source>
        <translation>导出失败</translation>
    </message>
    <message>
        <source>Could not export {what}:

{error}</source>
        <translation>无法导出{what}：

{error}</translation>
    </message>
    <message>
        <source>Exported {what} to {path}</source>
        <translation>已将{what}导出到 {path}</translation>
    </message>
    <message>
        <source>Export the network as a PyTorch module</source>
        <translation>把网络导出为 PyTorch 模块</translation>
    </message>
    <message>
        <source>Python (*.py)</source>
        <translation>Python 文件 (*.py)</translation>
    </message>
    <message>
        <source>the PyTorch module</source>
        <translation> PyTorch 模块</translation>
    </message>
    <message>
        <source>Export the network as equations</source>
        <translation>把网络导出为方程</translation>
    </message>
    <message>
        <source>Text (*.txt)</source>
        <translation>文本文件 (*.txt)</translation>
    </message>
    <message>
        <source>the equations</source>
        <translation>方程</translation>
    </message>
    <message>
        <source>Export the loss history</source>
        <translation>导出损失历史</translation>
    </message>
    <message>
        <source>CSV (*.csv)</source>
        <translation>CSV 文件 (*.csv)</translation>
    </message>
    <message>
        <source>the history</source>
        <translation>训练历史</translation>
    </message>
    <message>
        <source>Export as PNG</source>
        <translation>导出为 PNG</translation>
    </message>
    <message>
        <source>PNG images (*.png)</source>
        <translation>PNG 图片 (*.png)</translation>
    </message>
</context>
<context>
    <name>LandscapePanel</name>
    <message>
        <source>Rosenbrock&apos;s valley</source>
        <translation>Rosenbrock 山谷</translation>
    </message>
    <message>
        <source>Himmelblau (four minima)</source>
        <translation>Himmelblau 函数（四个极小值）</translation>
    </message>
    <message>
        <source>Beale</source>
        <translation>Beale 函数</translation>
    </message>
    <message>
        <source>A saddle</source>
        <translation>鞍点</translation>
    </message>
    <message>
        <source>An ill-conditioned bowl</source>
        <translation>病态的碗形曲面</translation>
    </message>
    <message>
        <source>Your network (its loss now)</source>
        <translation>你的网络（它现在的损失）</translation>
    </message>
    <message>
        <source>optimizer</source>
        <translation>优化器</translation>
    </message>
    <message>
        <source>lr</source>
        <translation>学习率</translation>
    </message>
    <message>
        <source>steps to the minimum</source>
        <translation>到达极小值的步数</translation>
    </message>
    <message>
        <source>Learning rate (PyTorch default {value:g})</source>
        <translation>学习率（PyTorch 默认值 {value:g}）</translation>
    </message>
    <message>
        <source>Play</source>
        <translation>播放</translation>
    </message>
    <message>
        <source>Pause</source>
        <translation>暂停</translation>
    </message>
    <message>
        <source>Step</source>
        <translation>单步</translation>
    </message>
    <message>
        <source>{count} per frame</source>
        <translation>每帧 {count} 步</translation>
    </message>
    <message>
        <source>steps: </source>
        <translation>步数：</translation>
    </message>
    <message>
        <source>Drag to choose where the optimizers start</source>
        <translation>拖动以选择优化器的起点</translation>
    </message>
    <message>
        <source>The race could not run: {error}</source>
        <translation>无法运行这次比赛：{error}</translation>
    </message>
    <message>
        <source>diverged</source>
        <translation>发散</translation>
    </message>
    <message>
        <source>no minimum</source>
        <translation>没有极小值</translation>
    </message>
    <message>
        <source>not yet</source>
        <translation>尚未到达</translation>
    </message>
    <message>
        <source>f(a, b) = {formula}: this window&apos;s training loss along two random directions through its weights, taken when you picked it</source>
        <translation>f(a, b) = {formula}：这个窗口的网络沿着穿过其权重的两个随机方向的训练损失，取自你选择它的那一刻</translation>
    </message>
    <message>
        <source>f(x, y) = {formula}</source>
        <translation>曲面 f(x, y) = {formula}</translation>
    </message>
</context>
<context>
    <name>LayerCard</name>
    <message>
        <source>Drag to move; drag out of the network to remove</source>
        <translation>拖动可移动；拖出网络即可删除</translation>
    </message>
    <message>
        <source>Freeze: keep this layer&apos;s weights fixed while the rest trains (keeps the weights)</source>
        <translation>冻结：其余部分训练时保持这一层的权重不变（保留现有权重）</translation>
    </message>
    <message>
        <source>Freeze hidden layer {number}</source>
        <translation>冻结第 {number} 个隐藏层</translation>
    </message>
    <message>
        <source>Activation of hidden layer {number} (resets the network)</source>
        <translation>第 {number} 个隐藏层的激活函数（会重置网络）</translation>
    </message>
    <message>
        <source>Linear pieces per maxout neuron (2–{most})</source>
        <translation>每个 Maxout 神经元的线性分段数（2–{most}）</translation>
    </message>
    <message>
        <source>“{text}” is not a number of pieces a maxout neuron can have: pieces {lo}–{hi}. The layer keeps {value}.</source>
        <translation>“{text}”不是 maxout 神经元可用的分段数:分段数 {lo}–{hi}。这一层仍为 {value}。</translation>
    </message>
    <message>
        <source>Neurons in this layer (1–{most}; more than {drawn} are drawn collapsed; resets the network)</source>
        <translation>这一层的神经元数（1–{most}；超过 {drawn} 个时折叠显示；会重置网络）</translation>
    </message>
    <message>
        <source>“{text}” is not a number of neurons a layer can have: units {lo}–{hi}. The layer keeps {value}.</source>
        <translation>“{text}”不是一层可用的神经元数:单元数 {lo}–{hi}。这一层仍为 {value}。</translation>
    </message>
    <message>
        <source>Neurons in hidden layer {number}</source>
        <translation>第 {number} 个隐藏层的神经元数</translation>
    </message>
    <message>
        <source>{layer} (frozen)</source>
        <translation>{layer}（已冻结）</translation>
    </message>
    <message>
        <source>Hidden layer {number}: {layer}</source>
        <translation>第 {number} 个隐藏层：{layer}</translation>
    </message>
    <message>
        <source>Drag to move it, drag it out of the view to remove it; Delete removes, Alt+←/→ moves, right-click for more.</source>
        <translation>拖动可移动，拖出视图即可删除；Delete 删除，Alt+←/→ 移动，右键查看更多操作。</translation>
    </message>
</context>
<context>
    <name>LayerPalette</name>
    <message>
        <source>Dense</source>
        <translation>Dense</translation>
    </message>
    <message>
        <source>Every neuron sees every output of the layer before, then applies an activation.</source>
        <translation>全连接层：每个神经元接收前一层的全部输出，再经过激活函数。</translation>
    </message>
    <message>
        <source>Maxout</source>
        <translation>Maxout</translation>
    </message>
    <message>
        <source>Each neuron outputs the largest of several linear pieces (no activation).</source>
        <translation>每个神经元输出若干个线性分段中的最大值（不用激活函数）。</translation>
    </message>
    <message>
        <source>Dropout</source>
        <translation>Dropout</translation>
    </message>
    <message>
        <source>While training, silences a random share of the layer before&apos;s outputs.</source>
        <translation>训练时随机把前一层的一部分输出置零（随机失活）。</translation>
    </message>
    <message>
        <source>LAYERS</source>
        <translation>层</translation>
    </message>
    <message>
        <source>Drag into the network. Drag a layer back here to remove it.</source>
        <translation>拖入网络即可添加；把层拖回这里即可删除。</translation>
    </message>
    <message>
        <source>Numbers the network learns: weights, biases, PReLU slopes</source>
        <translation>网络要学习的数：权重、偏置、PReLU 的斜率</translation>
    </message>
    <message>
        <source>{count:,} parameters</source>
        <translation>{count:,} 个参数</translation>
    </message>
    <message>
        <source>1 parameter</source>
        <translation>1 个参数</translation>
    </message>
    <message>
        <source>({count:,} frozen)</source>
        <translation>（{count:,} 个已冻结）</translation>
    </message>
</context>
<context>
    <name>LayerStrip</name>
    <message>
        <source>Drag Dense, Maxout or Dropout from the palette into the network</source>
        <translation>从左侧把 Dense、Maxout 或 Dropout 拖入网络</translation>
    </message>
</context>
<context>
    <name>LessonPanel</name>
    <message>
        <source>Load lesso&amp;n</source>
        <translation>加载课程(&amp;N)</translation>
    </message>
    <message>
        <source>Set up this lesson&apos;s network (or runs) and stop rule</source>
        <translation>设置这节课的网络（或对比训练）和停止规则</translation>
    </message>
</context>
<context>
    <name>Lessons</name>
    <message>
        <source>Loading sets up the race in the Optimizer landscape; press its Play to watch it.</source>
        <translation>加载后会在“优化器地形”中设置好这场比赛；按那里的“播放”观看。</translation>
    </message>
    <message>
        <source>Loading opens its {runs} runs in the Compare runs view; press Play to train for {epochs:,} epochs.</source>
        <translation>加载后会在“对比训练”面板中打开 {runs} 个网络；点击“训练”即可训练 {epochs:,} 轮。</translation>
    </message>
    <message>
        <source>Loading sets up the network; press Play to train for {epochs:,} epochs.</source>
        <translation>加载后会设置好网络；按播放键训练 {epochs:,} 轮。</translation>
    </message>
</context>
<context>
    <name>LossPlot</name>
    <message>
        <source>epoch</source>
        <translation>轮次</translation>
    </message>
    <message>
        <source>Training loss</source>
        <translation>训练损失</translation>
    </message>
    <message>
        <source>Test loss</source>
        <translation>测试损失</translation>
    </message>
    <message>
        <source>Epoch {epoch:,}: training loss {train:.4f}, test loss {test:.4f}</source>
        <translation>第 {epoch:,} 轮：训练损失 {train:.4f}，测试损失 {test:.4f}</translation>
    </message>
    <message>
        <source>, learning rate {lr:g}</source>
        <translation>，学习率 {lr:g}</translation>
    </message>
</context>
<context>
    <name>MainWindow</name>
    <message>
        <source>Neural Playground experiments (*.json);;All files (*)</source>
        <translation>神经网络游乐场实验 (*.json);;所有文件 (*)</translation>
    </message>
    <message>
        <source>Neural Playground</source>
        <translation>神经网络游乐场</translation>
    </message>
    <message>
        <source>&amp;File</source>
        <translation>文件(&amp;F)</translation>
    </message>
    <message>
        <source>&amp;Edit</source>
        <translation>编辑(&amp;E)</translation>
    </message>
    <message>
        <source>L&amp;essons</source>
        <translation>课程(&amp;E)</translation>
    </message>
    <message>
        <source>La&amp;b</source>
        <translation>实验室(&amp;B)</translation>
    </message>
    <message>
        <source>&amp;Open…</source>
        <translation>打开(&amp;O)…</translation>
    </message>
    <message>
        <source>Your last experiment is back (its settings, with new weights). File → New starts over.</source>
        <translation>已恢复上次的实验（沿用其设置，权重重新初始化）。选择“文件 → 新建”可从头开始。</translation>
    </message>
    <message>
        <source>&amp;New</source>
        <translation>新建(&amp;N)</translation>
    </message>
    <message>
        <source>Start over with the default experiment (the current one can be brought back)</source>
        <translation>用默认实验从头开始（当前实验可以找回）</translation>
    </message>
    <message>
        <source>Open a saved experiment</source>
        <translation>打开保存的实验</translation>
    </message>
    <message>
        <source>&amp;Save</source>
        <translation>保存(&amp;S)</translation>
    </message>
    <message>
        <source>Save config, weights and history</source>
        <translation>保存配置、权重和训练历史</translation>
    </message>
    <message>
        <source>Save &amp;As…</source>
        <translation>另存为(&amp;A)…</translation>
    </message>
    <message>
        <source>Open &amp;Recent</source>
        <translation>最近打开(&amp;R)</translation>
    </message>
    <message>
        <source>&amp;Quit</source>
        <translation>退出(&amp;Q)</translation>
    </message>
    <message>
        <source>&amp;Training</source>
        <translation>训练(&amp;T)</translation>
    </message>
    <message>
        <source>&amp;Play / Pause</source>
        <translation>开始 / 暂停(&amp;P)</translation>
    </message>
    <message>
        <source>&amp;Step one epoch</source>
        <translation>训练一轮(&amp;S)</translation>
    </message>
    <message>
        <source>&amp;Reset network</source>
        <translation>重置网络(&amp;R)</translation>
    </message>
    <message>
        <source>Re&amp;generate data</source>
        <translation>重新生成数据(&amp;G)</translation>
    </message>
    <message>
        <source>Roll &amp;back to last finite weights</source>
        <translation>回退到最后一组有限的权重(&amp;B)</translation>
    </message>
    <message>
        <source>&amp;View</source>
        <translation>视图(&amp;V)</translation>
    </message>
    <message>
        <source>Show &amp;test data</source>
        <translation>显示测试数据(&amp;T)</translation>
    </message>
    <message>
        <source>&amp;Discretize output</source>
        <translation>离散化输出(&amp;D)</translation>
    </message>
    <message>
        <source>&amp;Log-scale loss</source>
        <translation>损失用对数刻度(&amp;L)</translation>
    </message>
    <message>
        <source>&amp;Language</source>
        <translation>语言(&amp;L)</translation>
    </message>
    <message>
        <source>Compute &amp;backend</source>
        <translation>计算后端(&amp;B)</translation>
    </message>
    <message>
        <source>&amp;CPU</source>
        <translation>处理器 CPU(&amp;C)</translation>
    </message>
    <message>
        <source>CUDA &amp;GPU</source>
        <translation>显卡 CUDA GPU(&amp;G)</translation>
    </message>
    <message>
        <source>&amp;Automatic</source>
        <translation>自动(&amp;A)</translation>
    </message>
    <message>
        <source>looking for a GPU…</source>
        <translation>正在查找 GPU…</translation>
    </message>
    <message>
        <source>Numba kernels on the processor; same seed, same numbers</source>
        <translation>在处理器上运行的 Numba 内核；相同种子，相同结果</translation>
    </message>
    <message>
        <source>Numba CUDA kernels on an NVIDIA GPU</source>
        <translation>在 NVIDIA GPU 上运行的 Numba CUDA 内核</translation>
    </message>
    <message>
        <source>The GPU for large problems where there is one, else the CPU</source>
        <translation>有 GPU 时大问题用 GPU，否则用 CPU</translation>
    </message>
    <message>
        <source>Not available here: {reason}</source>
        <translation>此处不可用：{reason}</translation>
    </message>
    <message>
        <source>A new experiment with the default settings.</source>
        <translation>已用默认设置新建实验。</translation>
    </message>
    <message>
        <source>Bring back the previous one</source>
        <translation>找回之前的实验</translation>
    </message>
    <message>
        <source>Open experiment</source>
        <translation>打开实验</translation>
    </message>
    <message>
        <source>Save experiment</source>
        <translation>保存实验</translation>
    </message>
    <message>
        <source>Could not open the experiment</source>
        <translation>无法打开实验</translation>
    </message>
    <message>
        <source>Could not open {path}:

{error}

The current experiment is unchanged.</source>
        <translation>无法打开 {path}：

{error}

当前实验没有改变。</translation>
    </message>
    <message>
        <source>Could not save the experiment</source>
        <translation>无法保存实验</translation>
    </message>
    <message>
        <source>Could not save {path}:

{error}

Nothing was written.</source>
        <translation>无法保存 {path}：

{error}

没有写入任何内容。</translation>
    </message>
    <message>
        <source>The loss keeps jumping well above the lowest it has reached: the learning rate {lr:g} is probably too high. Each step jumps across the valley instead of going down into it.</source>
        <translation>损失一直在远高于它曾达到的最低点的地方跳动：学习率 {lr:g} 可能太大了。每一步都跳过了山谷，而不是走进谷底。</translation>
    </message>
    <message>
        <source>Divide the learning rate by 10</source>
        <translation>把学习率除以 10</translation>
    </message>
    <message>
        <source>Neural Playground — {name}</source>
        <translation>神经网络游乐场 — {name}</translation>
    </message>
    <message>
        <source>Opened {path}.</source>
        <translation>已打开 {path}。</translation>
    </message>
    <message>
        <source>Saved {path}</source>
        <translation>已保存 {path}</translation>
    </message>
    <message>
        <source>Roll back to the last good weights</source>
        <translation>回退到最后一组正常的权重</translation>
    </message>
</context>
<context>
    <name>MessageBanner</name>
    <message>
        <source>Hide this message</source>
        <translation>隐藏这条消息</translation>
    </message>
</context>
<context>
    <name>MetricsPanel</name>
    <message>
        <source>Test points</source>
        <translation>测试点</translation>
    </message>
    <message>
        <source>Training points</source>
        <translation>训练点</translation>
    </message>
    <message>
        <source>reached the epoch limit</source>
        <translation>达到了轮数上限</translation>
    </message>
    <message>
        <source>the test loss reached the target</source>
        <translation>测试损失达到了目标</translation>
    </message>
    <message>
        <source>the test accuracy reached the target</source>
        <translation>测试准确率达到了目标</translation>
    </message>
    <message>
        <source>test loss {loss:.4g}</source>
        <translation>测试损失 {loss:.4g}</translation>
    </message>
    <message>
        <source>test accuracy {accuracy:.1f} %</source>
        <translation>测试准确率 {accuracy:.1f} %</translation>
    </message>
    <message>
        <source>Stopped at epoch {epoch:,}: {reason} ({numbers}).</source>
        <translation>已在第 {epoch:,} 轮停止：{reason}（{numbers}）。</translation>
    </message>
    <message>
        <source>, </source>
        <translation>，</translation>
    </message>
    <message>
        <source>Metrics on</source>
        <translation>指标计算于</translation>
    </message>
    <message>
        <source>Epoch</source>
        <translation>轮次</translation>
    </message>
    <message>
        <source>Loss</source>
        <translation>损失</translation>
    </message>
    <message>
        <source>Accuracy</source>
        <translation>准确率</translation>
    </message>
    <message>
        <source>Confusion matrix (rows: true class, columns: predicted class)</source>
        <translation>混淆矩阵（行：真实类别，列：预测类别）</translation>
    </message>
    <message>
        <source>Stop training by itself</source>
        <translation>自动停止训练</translation>
    </message>
    <message>
        <source>at epoch</source>
        <translation>到达轮次</translation>
    </message>
    <message>
        <source>when the test loss is below</source>
        <translation>测试损失低于</translation>
    </message>
    <message>
        <source>when the test accuracy reaches</source>
        <translation>测试准确率达到</translation>
    </message>
    <message>
        <source>predicted {k}</source>
        <translation>预测 {k}</translation>
    </message>
    <message>
        <source>true {k}</source>
        <translation>真实 {k}</translation>
    </message>
</context>
<context>
    <name>MistakesPanel</name>
    <message>
        <source>{wrong} of {total} test digits read wrong ({share:.1f} %). Click one to make it the current digit.</source>
        <translation>{total} 个测试数字中有 {wrong} 个识别错误（{share:.1f} %）。点击一个，把它设为当前数字。</translation>
    </message>
    <message>
        <source>read {p}</source>
        <translation>认成 {p}</translation>
    </message>
    <message>
        <source>Test digit {n}: a {t}, read as {p}</source>
        <translation>第 {n} 个测试数字：{t}，被认成 {p}</translation>
    </message>
</context>
<context>
    <name>NetworkBuilder</name>
    <message>
        <source>Units of {name}: {value}</source>
        <translation>{name} 的神经元数：{value}</translation>
    </message>
    <message>
        <source>Activation of {name}: {value}</source>
        <translation>{name} 的激活函数：{value}</translation>
    </message>
    <message>
        <source>Pieces of {name}: {value}</source>
        <translation>{name} 的分段数：{value}</translation>
    </message>
    <message>
        <source>Rate of {name}: {value}</source>
        <translation>{name} 的失活比例：{value}</translation>
    </message>
    <message>
        <source>the network already has the most hidden layers allowed ({count})</source>
        <translation>网络的隐藏层已达上限（{count} 个）</translation>
    </message>
    <message>
        <source>the engine takes at most {count} layers, dropout included</source>
        <translation>计算引擎最多支持 {count} 层（含 Dropout）</translation>
    </message>
    <message>
        <source>&amp;Add layer</source>
        <translation>添加层(&amp;A)</translation>
    </message>
    <message>
        <source>&amp;Undo</source>
        <translation>撤销(&amp;U)</translation>
    </message>
    <message>
        <source>Undo the last layer edit</source>
        <translation>撤销上一次对层的修改</translation>
    </message>
    <message>
        <source>&amp;Redo</source>
        <translation>重做(&amp;R)</translation>
    </message>
    <message>
        <source>Redo the layer edit undone</source>
        <translation>重做刚撤销的修改</translation>
    </message>
    <message>
        <source>&amp;Undo {what}</source>
        <translation>撤销(&amp;U) {what}</translation>
    </message>
    <message>
        <source>&amp;Redo {what}</source>
        <translation>重做(&amp;R) {what}</translation>
    </message>
    <message>
        <source>Add a {kind} layer after the selected one (or at the end)</source>
        <translation>在选中的层之后（或最后）添加一个 {kind} 层</translation>
    </message>
    <message>
        <source>&amp;Remove selected layer</source>
        <translation>删除选中的层(&amp;R)</translation>
    </message>
    <message>
        <source>Move selected layer &amp;left</source>
        <translation>选中的层左移(&amp;L)</translation>
    </message>
    <message>
        <source>Move selected layer ri&amp;ght</source>
        <translation>选中的层右移(&amp;G)</translation>
    </message>
    <message>
        <source>&amp;Freeze / unfreeze selected layer</source>
        <translation>冻结 / 解冻选中的层(&amp;F)</translation>
    </message>
    <message>
        <source>Cannot add {kind}: {reason}.</source>
        <translation>无法添加 {kind}：{reason}。</translation>
    </message>
    <message>
        <source>Add {layer}</source>
        <translation>添加 {layer}</translation>
    </message>
    <message>
        <source>Remove {layer}</source>
        <translation>删除 {layer}</translation>
    </message>
    <message>
        <source>{layer} is already at that end.</source>
        <translation>{layer} 已经在最边上了。</translation>
    </message>
    <message>
        <source>The layers changed just before this edit, so it was not made; the headers show the network now. Try again.</source>
        <translation>就在这次修改之前网络的层发生了变化，所以这次修改没有生效；层标题现在显示的是当前网络。请再试一次。</translation>
    </message>
    <message>
        <source>Freeze {layer}</source>
        <translation>冻结 {layer}</translation>
    </message>
    <message>
        <source>Unfreeze {layer}</source>
        <translation>解冻 {layer}</translation>
    </message>
    <message>
        <source>Cannot add a layer: {reason}.</source>
        <translation>无法添加层：{reason}。</translation>
    </message>
    <message>
        <source>Add a hidden layer</source>
        <translation>添加一个隐藏层</translation>
    </message>
    <message>
        <source>Remove the last hidden layer</source>
        <translation>删除最后一个隐藏层</translation>
    </message>
    <message>
        <source>Activation of every layer: {name}</source>
        <translation>所有层的激活函数：{name}</translation>
    </message>
    <message>
        <source>Move &amp;left</source>
        <translation>左移(&amp;L)</translation>
    </message>
    <message>
        <source>Move &amp;right</source>
        <translation>右移(&amp;R)</translation>
    </message>
    <message>
        <source>Re&amp;move</source>
        <translation>删除(&amp;M)</translation>
    </message>
    <message>
        <source>&amp;Freeze weights</source>
        <translation>冻结权重(&amp;F)</translation>
    </message>
    <message>
        <source>Insert &amp;before</source>
        <translation>在前面插入(&amp;B)</translation>
    </message>
    <message>
        <source>Insert &amp;after</source>
        <translation>在后面插入(&amp;A)</translation>
    </message>
    <message>
        <source>That layer is no longer there.</source>
        <translation>那一层已经不在了。</translation>
    </message>
    <message>
        <source>Move {layer}</source>
        <translation>移动 {layer}</translation>
    </message>
    <message>
        <source>The training engine is still starting; try again in a moment.</source>
        <translation>训练引擎还在启动，请稍后再试。</translation>
    </message>
    <message>
        <source>{what} (the network is reset)</source>
        <translation>{what}（网络已重置）</translation>
    </message>
    <message>
        <source>Release outside the network to remove {layer}</source>
        <translation>在网络外松开即可删除 {layer}</translation>
    </message>
    <message>
        <source>{kind} goes here</source>
        <translation>{kind} 将放在这里</translation>
    </message>
    <message>
        <source>{layer} goes here</source>
        <translation>{layer} 将放在这里</translation>
    </message>
</context>
<context>
    <name>NetworkView</name>
    <message>
        <source>{total} neurons in this layer; the first {drawn} are drawn</source>
        <translation>这一层有 {total} 个神经元；只画出前 {drawn} 个</translation>
    </message>
    <message>
        <source>Bias {value}
{where}
Click to type a new value</source>
        <translation>偏置 {value}
{where}
点击可输入新值</translation>
    </message>
    <message>
        <source>Weight {value}
{where}
Click to type a new value</source>
        <translation>权重 {value}
{where}
点击可输入新值</translation>
    </message>
    <message>
        <source>Input feature {name}: click to use it or not (resets the network)</source>
        <translation>输入特征 {name}：点击启用或停用（会重置网络）</translation>
    </message>
    <message>
        <source>The current digit: the 8×8 image going in, 64 pixels row by row</source>
        <translation>当前数字：输入的 8×8 图像，64 个像素逐行输入</translation>
    </message>
    <message>
        <source>INPUT 8×8</source>
        <translation>输入 8×8</translation>
    </message>
    <message>
        <source>FEATURES</source>
        <translation>特征</translation>
    </message>
    <message>
        <source>Remove the last hidden layer (resets the network)</source>
        <translation>删除最后一个隐藏层（会重置网络）</translation>
    </message>
    <message>
        <source>Add a hidden layer (resets the network)</source>
        <translation>添加一个隐藏层（会重置网络）</translation>
    </message>
    <message>
        <source>{count} HIDDEN LAYERS</source>
        <translation>{count} 个隐藏层</translation>
    </message>
    <message>
        <source>1 HIDDEN LAYER</source>
        <translation>1 个隐藏层</translation>
    </message>
    <message>
        <source>Remove a neuron from this layer (resets the network)</source>
        <translation>这一层减少一个神经元（会重置网络）</translation>
    </message>
    <message>
        <source>Add a neuron to this layer (resets the network)</source>
        <translation>这一层增加一个神经元（会重置网络）</translation>
    </message>
    <message>
        <source>{count} neurons</source>
        <translation>{count} 个神经元</translation>
    </message>
    <message>
        <source>1 neuron</source>
        <translation>1 个神经元</translation>
    </message>
    <message>
        <source>OUTPUT</source>
        <translation>输出</translation>
    </message>
    <message>
        <source>the 64 pixels</source>
        <translation>64 个像素</translation>
    </message>
    <message>
        <source>input {name}</source>
        <translation>输入 {name}</translation>
    </message>
    <message>
        <source>the output neuron</source>
        <translation>输出神经元</translation>
    </message>
    <message>
        <source>output neuron {k} (class {c})</source>
        <translation>第 {k} 个输出神经元（类别 {c}）</translation>
    </message>
    <message>
        <source>neuron {k} of hidden layer {layer}</source>
        <translation>第 {layer} 个隐藏层的第 {k} 个神经元</translation>
    </message>
    <message>
        <source>{name}: the probability that the current image is a {c}</source>
        <translation>{name}：当前图像是 {c} 的概率</translation>
    </message>
    <message>
        <source>{name}: its 64 incoming weights as an 8×8 image (blue: ink there raises it, orange: ink there lowers it)</source>
        <translation>{name}：它的 64 个输入权重组成的 8×8 图像（蓝色：那里有墨迹会让它变大；橙色：会让它变小）</translation>
    </message>
    <message>
        <source>{name}: its activation on the current image</source>
        <translation>{name}：它在当前图像上的激活值</translation>
    </message>
    <message>
        <source>{name}: the network&apos;s prediction over the input square</source>
        <translation>{name}：网络在整个输入区域上的预测</translation>
    </message>
    <message>
        <source>maxout of {pieces} pieces</source>
        <translation>{pieces} 段 Maxout</translation>
    </message>
    <message>
        <source>{name} ({kind}): its output over the input square</source>
        <translation>{name}（{kind}）：它在整个输入区域上的输出</translation>
    </message>
</context>
<context>
    <name>OptimizerSettingsButton</name>
    <message>
        <source>momentum</source>
        <translation>momentum（动量系数）</translation>
    </message>
    <message>
        <source>dampening</source>
        <translation>dampening（阻尼）</translation>
    </message>
    <message>
        <source>weight_decay</source>
        <translation>weight_decay（权重衰减）</translation>
    </message>
    <message>
        <source>betas[0]</source>
        <translation>betas[0]（一阶矩衰减率）</translation>
    </message>
    <message>
        <source>betas[1]</source>
        <translation>betas[1]（二阶矩衰减率）</translation>
    </message>
    <message>
        <source>eps</source>
        <translation>eps（数值稳定项）</translation>
    </message>
    <message>
        <source>rho</source>
        <translation>rho（平方梯度衰减率）</translation>
    </message>
    <message>
        <source>alpha</source>
        <translation>alpha（平滑系数）</translation>
    </message>
    <message>
        <source>lr_decay</source>
        <translation>lr_decay（学习率衰减）</translation>
    </message>
    <message>
        <source>initial_accumulator_value</source>
        <translation>initial_accumulator_value（累加器初值）</translation>
    </message>
    <message>
        <source>momentum_decay</source>
        <translation>momentum_decay（动量衰减）</translation>
    </message>
    <message>
        <source>Step</source>
        <translation>阶梯（Step）</translation>
    </message>
    <message>
        <source>Exponential</source>
        <translation>指数（Exponential）</translation>
    </message>
    <message>
        <source>Cosine</source>
        <translation>余弦（Cosine）</translation>
    </message>
    <message>
        <source>Cyclic</source>
        <translation>循环（Cyclic）</translation>
    </message>
    <message>
        <source>One cycle</source>
        <translation>单周期（One cycle）</translation>
    </message>
    <message>
        <source>step_size</source>
        <translation>step_size（衰减间隔轮数）</translation>
    </message>
    <message>
        <source>gamma</source>
        <translation>gamma（衰减系数）</translation>
    </message>
    <message>
        <source>T_max</source>
        <translation>T_max（半周期轮数）</translation>
    </message>
    <message>
        <source>eta_min</source>
        <translation>eta_min（最小学习率）</translation>
    </message>
    <message>
        <source>base_lr</source>
        <translation>base_lr（下限学习率）</translation>
    </message>
    <message>
        <source>max_lr</source>
        <translation>max_lr（上限学习率）</translation>
    </message>
    <message>
        <source>step_size_up</source>
        <translation>step_size_up（上升批数）</translation>
    </message>
    <message>
        <source>step_size_down</source>
        <translation>step_size_down（下降批数）</translation>
    </message>
    <message>
        <source>mode</source>
        <translation>mode（模式）</translation>
    </message>
    <message>
        <source>total_steps</source>
        <translation>total_steps（总批数）</translation>
    </message>
    <message>
        <source>pct_start</source>
        <translation>pct_start（上升阶段占比）</translation>
    </message>
    <message>
        <source>anneal_strategy</source>
        <translation>anneal_strategy（退火方式）</translation>
    </message>
    <message>
        <source>div_factor</source>
        <translation>div_factor（初始除数）</translation>
    </message>
    <message>
        <source>final_div_factor</source>
        <translation>final_div_factor（最终除数）</translation>
    </message>
    <message>
        <source>three_phase</source>
        <translation>three_phase（三阶段）</translation>
    </message>
    <message>
        <source>triangular</source>
        <translation>三角（triangular）</translation>
    </message>
    <message>
        <source>triangular2 (halves each cycle)</source>
        <translation>三角减半（triangular2，每个周期幅度减半）</translation>
    </message>
    <message>
        <source>exp_range (times gamma each step)</source>
        <translation>指数范围（exp_range，每步乘以 gamma）</translation>
    </message>
    <message>
        <source>cos</source>
        <translation>余弦（cos）</translation>
    </message>
    <message>
        <source>linear</source>
        <translation>线性（linear）</translation>
    </message>
    <message>
        <source>Settings…</source>
        <translation>设置…</translation>
    </message>
    <message>
        <source>PyTorch default {value:g}</source>
        <translation>PyTorch 默认值 {value:g}</translation>
    </message>
    <message>
        <source>lr is the Learning rate control (PyTorch default {value:g})</source>
        <translation>lr 即顶栏的“学习率”（PyTorch 默认值 {value:g}）</translation>
    </message>
    <message>
        <source>None (constant)</source>
        <translation>无（学习率不变）</translation>
    </message>
    <message>
        <source>{label} ({torch})</source>
        <translation>{label}（{torch}）</translation>
    </message>
    <message>
        <source>Changes the learning rate as training goes, as torch.optim.lr_scheduler does: step, exponential and cosine once an epoch, cyclic and one cycle once a batch. It counts from the epoch it is chosen at.</source>
        <translation>随训练进程改变学习率，与 torch.optim.lr_scheduler 相同：阶梯、指数和余弦每轮更新一次，循环和单周期每批更新一次。从选择它的那一轮开始计数。</translation>
    </message>
    <message>
        <source>Learning-rate schedule</source>
        <translation>学习率调度</translation>
    </message>
    <message>
        <source>as step_size_up</source>
        <translation>与 step_size_up 相同</translation>
    </message>
    <message>
        <source>Sets the rate itself: the Learning rate control follows it. Momentum is not cycled.</source>
        <translation>由调度直接设定学习率：“学习率”控件会跟随它变化。动量不参与循环。</translation>
    </message>
    <message>
        <source>“{text}” is not a number; {name} stays {value}.</source>
        <translation>“{text}”不是数字；{name} 保持为 {value}。</translation>
    </message>
    <message>
        <source>{name} must be a whole number from {lo} to {hi}; it stays {value}.</source>
        <translation>{name} 必须是 {lo} 到 {hi} 之间的整数；它保持为 {value}。</translation>
    </message>
    <message>
        <source>above {lo:g} and at most {hi:g}</source>
        <translation>大于 {lo:g} 且不超过 {hi:g}</translation>
    </message>
    <message>
        <source>max_lr must be at least base_lr ({other:g}); it stays {value:g}.</source>
        <translation>max_lr（上限学习率）不能小于 base_lr（{other:g}）；它保持为 {value:g}。</translation>
    </message>
    <message>
        <source>base_lr must be at most max_lr ({other:g}); it stays {value:g}.</source>
        <translation>base_lr（下限学习率）不能大于 max_lr（{other:g}）；它保持为 {value:g}。</translation>
    </message>
    <message>
        <source>at least {lo:g} and below {hi:g}</source>
        <translation>不小于 {lo:g} 且小于 {hi:g}</translation>
    </message>
    <message>
        <source>between {lo:g} and {hi:g}</source>
        <translation>在 {lo:g} 到 {hi:g} 之间</translation>
    </message>
    <message>
        <source>Optimizer hyper-parameters and learning-rate schedule (take effect immediately)</source>
        <translation>优化器超参数和学习率调度（立即生效）</translation>
    </message>
    <message>
        <source>“{text}” is not a number; {name} stays {value:g}.</source>
        <translation>“{text}”不是数字；{name} 保持为 {value:g}。</translation>
    </message>
    <message>
        <source>{name} must be {range}; it stays {value:g}.</source>
        <translation>{name} 必须{range}；它保持为 {value:g}。</translation>
    </message>
</context>
<context>
    <name>OutputPanel</name>
    <message>
        <source>Cross-entropy</source>
        <translation>交叉熵</translation>
    </message>
    <message>
        <source>Hinge</source>
        <translation>合页损失 (Hinge)</translation>
    </message>
    <message>
        <source>OUTPUT</source>
        <translation>输出</translation>
    </message>
    <message>
        <source>The loss training minimises: cross-entropy, mean squared error or hinge (regression: MSE only). Changing it resets the network.</source>
        <translation>训练要最小化的损失函数：交叉熵、均方误差 (MSE) 或合页损失（回归只能用 MSE）。更改会重置网络。</translation>
    </message>
    <message>
        <source>Lo&amp;ss</source>
        <translation>损失函数(&amp;S)</translation>
    </message>
    <message>
        <source>Test loss</source>
        <translation>测试损失</translation>
    </message>
    <message>
        <source>Training loss</source>
        <translation>训练损失</translation>
    </message>
    <message>
        <source>accuracy</source>
        <translation>准确率</translation>
    </message>
    <message>
        <source>&amp;Log-scale loss</source>
        <translation>损失用对数刻度(&amp;L)</translation>
    </message>
    <message>
        <source>Show &amp;test data</source>
        <translation>显示测试数据(&amp;T)</translation>
    </message>
    <message>
        <source>&amp;Discretize output</source>
        <translation>离散化输出(&amp;D)</translation>
    </message>
    <message>
        <source>Resolution of the boundary and neuron heatmaps</source>
        <translation>决策边界和神经元热力图的分辨率</translation>
    </message>
    <message>
        <source>&amp;Resolution</source>
        <translation>分辨率(&amp;R)</translation>
    </message>
    <message>
        <source>Drawn at {drawn} × {drawn} while this network trains, so training keeps its speed; {asked} × {asked} when paused.</source>
        <translation>这个网络训练时按 {drawn} × {drawn} 绘制，以免拖慢训练；暂停后按 {asked} × {asked} 绘制。</translation>
    </message>
    <message>
        <source>{count:,} trainable parameters</source>
        <translation>{count:,} 个可训练参数</translation>
    </message>
    <message>
        <source>predicted value</source>
        <translation>预测值</translation>
    </message>
    <message>
        <source>class 0</source>
        <translation>类别 0</translation>
    </message>
    <message>
        <source>probability of class 1</source>
        <translation>属于类别 1 的概率</translation>
    </message>
    <message>
        <source>class 1</source>
        <translation>类别 1</translation>
    </message>
</context>
<context>
    <name>OwnDataBox</name>
    <message>
        <source>YOUR OWN DATA</source>
        <translation>自己的数据</translation>
    </message>
    <message>
        <source>&amp;Import CSV…</source>
        <translation>导入 CSV(&amp;I)…</translation>
    </message>
    <message>
        <source>E&amp;xport CSV…</source>
        <translation>导出 CSV(&amp;X)…</translation>
    </message>
    <message>
        <source>Columns x, y, label (a header is optional); see the README</source>
        <translation>列依次为 x、y、标签（表头可有可无）；详见 README</translation>
    </message>
    <message>
        <source>Write the points with a train/test column</source>
        <translation>导出数据点，并附带训练/测试标记列</translation>
    </message>
</context>
<context>
    <name>PaintBar</name>
    <message>
        <source>✎ &amp;Paint data</source>
        <translation>✎ 绘制数据(&amp;P)</translation>
    </message>
    <message>
        <source>Add your own points on the plot: click adds the selected class, shift-click the other class, right-click removes a point</source>
        <translation>在图上添加自己的数据点：单击添加所选类别，Shift+单击添加另一类别，右键删除一个点</translation>
    </message>
    <message>
        <source>Paint class {k}</source>
        <translation>绘制类别 {k}</translation>
    </message>
    <message>
        <source>&amp;Target</source>
        <translation>目标值(&amp;T)</translation>
    </message>
    <message>
        <source>Target value of painted points; shift-click paints its negative</source>
        <translation>所绘数据点的目标值；Shift+单击绘制它的相反数</translation>
    </message>
    <message>
        <source>&amp;Erase</source>
        <translation>擦除(&amp;E)</translation>
    </message>
    <message>
        <source>Drag over points to remove them</source>
        <translation>拖过数据点即可删除</translation>
    </message>
    <message>
        <source>Drag to remove points · right-click removes one</source>
        <translation>拖动删除数据点 · 右键删除一个</translation>
    </message>
    <message>
        <source>Click: add the target · shift-click: its negative · right-click: remove</source>
        <translation>单击：添加目标值 · Shift+单击：添加相反数 · 右键：删除</translation>
    </message>
    <message>
        <source>Click: add · shift-click: the other class · right-click: remove</source>
        <translation>单击：添加 · Shift+单击：另一类别 · 右键：删除</translation>
    </message>
    <message>
        <source>New point added to the training set.</source>
        <translation>新的点已加入训练集。</translation>
    </message>
    <message>
        <source>New point added to the test set (drawn hollow).</source>
        <translation>新的点已加入测试集（画成空心圆）。</translation>
    </message>
</context>
<context>
    <name>PaletteItem</name>
    <message>
        <source>{kind}: {tip} Drag it into the network (or press Enter).</source>
        <translation>{kind}：{tip}拖入网络即可添加（或按 Enter）。</translation>
    </message>
    <message>
        <source>{kind} layer</source>
        <translation>{kind} 层</translation>
    </message>
    <message>
        <source>Add {kind} after the selected layer</source>
        <translation>在选中的层之后添加 {kind}</translation>
    </message>
    <message>
        <source>Add {kind} before the first hidden layer</source>
        <translation>在第一个隐藏层之前添加 {kind}</translation>
    </message>
    <message>
        <source>Add {kind} after the last hidden layer</source>
        <translation>在最后一个隐藏层之后添加 {kind}</translation>
    </message>
</context>
<context>
    <name>RatePlot</name>
    <message>
        <source>lr</source>
        <translation>学习率</translation>
    </message>
    <message>
        <source>Learning rate of each epoch&apos;s last step (the schedule&apos;s)</source>
        <translation>每轮最后一步的学习率（由调度决定）</translation>
    </message>
</context>
<context>
    <name>TopBar</name>
    <message>
        <source>None</source>
        <translation>无</translation>
    </message>
    <message>
        <source>Classification</source>
        <translation>分类</translation>
    </message>
    <message>
        <source>Regression</source>
        <translation>回归</translation>
    </message>
    <message>
        <source>1 epoch / frame (watch)</source>
        <translation>每帧 1 轮（观看）</translation>
    </message>
    <message>
        <source>{count} epochs / frame</source>
        <translation>每帧 {count} 轮</translation>
    </message>
    <message>
        <source>As fast as it goes</source>
        <translation>全速</translation>
    </message>
    <message>
        <source>Momentum</source>
        <translation>Momentum（动量）</translation>
    </message>
    <message>
        <source>Nesterov</source>
        <translation>Nesterov 动量</translation>
    </message>
    <message>
        <source>Reset the network: new initial weights, epoch 0 (Ctrl+R)</source>
        <translation>重置网络：重新初始化权重，回到第 0 轮 (Ctrl+R)</translation>
    </message>
    <message>
        <source>Reset</source>
        <translation>重置</translation>
    </message>
    <message>
        <source>Run / pause training (Space)</source>
        <translation>开始 / 暂停训练（空格键）</translation>
    </message>
    <message>
        <source>Play</source>
        <translation>开始训练</translation>
    </message>
    <message>
        <source>Train one epoch (Right arrow)</source>
        <translation>训练一轮（右方向键）</translation>
    </message>
    <message>
        <source>Step one epoch</source>
        <translation>训练一轮</translation>
    </message>
    <message>
        <source>Epoch</source>
        <translation>轮次 (Epoch)</translation>
    </message>
    <message>
        <source>Epochs / s</source>
        <translation>轮/秒</translation>
    </message>
    <message>
        <source>Training speed: how many epochs each frame shows while playing (1 lets you watch the boundary form)</source>
        <translation>训练速度：运行时每一帧训练多少轮（选 1 可以看着边界逐渐形成）</translation>
    </message>
    <message>
        <source>Speed</source>
        <translation>速度</translation>
    </message>
    <message>
        <source>Learning rate: changes the running network at once (type any value)</source>
        <translation>学习率：立即作用于正在训练的网络（可输入任意值）</translation>
    </message>
    <message>
        <source>&amp;Learning rate</source>
        <translation>学习率(&amp;L)</translation>
    </message>
    <message>
        <source>mixed</source>
        <translation>混合</translation>
    </message>
    <message>
        <source>Activation of every hidden layer (resets the network)</source>
        <translation>所有隐藏层的激活函数（会重置网络）</translation>
    </message>
    <message>
        <source>&amp;Activation</source>
        <translation>激活函数(&amp;A)</translation>
    </message>
    <message>
        <source>Weight penalty: changes the running network at once</source>
        <translation>权重惩罚项：立即作用于正在训练的网络</translation>
    </message>
    <message>
        <source>&amp;Regularization</source>
        <translation>正则化(&amp;R)</translation>
    </message>
    <message>
        <source>Strength of the weight penalty (type any value from 0 to {most})</source>
        <translation>权重惩罚的强度(可输入 0 到 {most} 之间的任意值)</translation>
    </message>
    <message>
        <source>Regularization ra&amp;te</source>
        <translation>正则化率(&amp;T)</translation>
    </message>
    <message>
        <source>Classify points by colour, or fit a value (resets the network)</source>
        <translation>按颜色给点分类，或拟合一个数值（会重置网络）</translation>
    </message>
    <message>
        <source>&amp;Problem type</source>
        <translation>问题类型(&amp;P)</translation>
    </message>
    <message>
        <source>Optimizer: changes the running network at once</source>
        <translation>优化器：立即作用于正在训练的网络</translation>
    </message>
    <message>
        <source>&amp;Optimizer</source>
        <translation>优化器(&amp;O)</translation>
    </message>
    <message>
        <source>Compiling kernels…</source>
        <translation>正在编译计算内核…</translation>
    </message>
    <message>
        <source>{busy} Training starts when they are ready.</source>
        <translation>{busy}准备好后即开始训练。</translation>
    </message>
    <message>
        <source>Pause</source>
        <translation>暂停</translation>
    </message>
    <message>
        <source>“{text}” is not a learning rate the network can use; type a number such as {example}. The learning rate stays {lr}.</source>
        <translation>“{text}”不是网络能用的学习率；请输入一个数字，例如 {example}。学习率保持为 {lr}。</translation>
    </message>
    <message>
        <source>“{text}” is not a regularization rate the network can use; type a number from 0 to {most}. The regularization rate stays {rate}.</source>
        <translation>“{text}”不是网络可用的正则化率;请输入 0 到 {most} 之间的数。正则化率仍为 {rate}。</translation>
    </message>
    <message>
        <source>The hidden layers have different activations; choose one to give it to every layer</source>
        <translation>各隐藏层的激活函数不同；选择一个即可用于所有层</translation>
    </message>
</context>
<context>
    <name>TrainingWorker</name>
    <message>
        <source>Compiling the kernels for wide layers (the first time only)…</source>
        <translation>正在为宽层编译计算内核（只有第一次需要）…</translation>
    </message>
    <message>
        <source>Compiling kernels (1 of 2: the pictures)…</source>
        <translation>正在编译计算内核（第 1 步，共 2 步：画面）…</translation>
    </message>
    <message>
        <source>Compiling kernels (2 of 2: training)…</source>
        <translation>正在编译计算内核（第 2 步，共 2 步：训练）…</translation>
    </message>
    <message>
        <source>Training stopped: the loss or the weights became infinite or not-a-number (NaN). This usually means the learning rate is too high — pick a smaller one, then roll back to the last good weights or reset.</source>
        <translation>训练已停止：损失或权重变成了无穷大或非数值 (NaN)。这通常说明学习率太大——请选一个更小的学习率，然后回退到最后一组正常的权重，或者重置网络。</translation>
    </message>
    <message>
        <source>That setting cannot be used: {error}</source>
        <translation>无法使用该设置：{error}</translation>
    </message>
    <message>
        <source>The network cannot take that data: {error}</source>
        <translation>网络无法接受这些数据：{error}</translation>
    </message>
    <message>
        <source>Those weights do not fit the network: {error}</source>
        <translation>这些权重与网络不匹配：{error}</translation>
    </message>
    <message>
        <source>That weight is no longer in the network.</source>
        <translation>网络中已没有这个权重。</translation>
    </message>
    <message>
        <source>A weight must be a finite number.</source>
        <translation>权重必须是一个有限的数。</translation>
    </message>
    <message>
        <source>There are no finite weights to roll back to; press Reset instead.</source>
        <translation>没有可以回退的有限权重；请改按“重置”。</translation>
    </message>
    <message>
        <source>At most {count} runs can be compared; remove one first.</source>
        <translation>最多只能对比 {count} 个训练；请先移除一个。</translation>
    </message>
</context>
<context>
    <name>UserData</name>
    <message>
        <source>CSV files (*.csv *.tsv *.txt);;All files (*)</source>
        <translation>CSV 文件 (*.csv *.tsv *.txt);;所有文件 (*)</translation>
    </message>
    <message>
        <source>A data set needs at least 4 points; this one would have fewer.</source>
        <translation>数据集至少需要 4 个点；这样改会少于 4 个。</translation>
    </message>
    <message>
        <source>A data set holds at most {count:,} points.</source>
        <translation>数据集最多只能有 {count:,} 个点。</translation>
    </message>
    <message>
        <source>At least one training point and one test point must stay.</source>
        <translation>至少要保留一个训练点和一个测试点。</translation>
    </message>
    <message>
        <source>Every class from 0 to {last} needs a point; class {missing} would have none left. Remove the higher classes first.</source>
        <translation>从 0 到 {last} 的每个类别都至少需要一个点；这样改类别 {missing} 就一个点都不剩了。请先删除编号更大的类别。</translation>
    </message>
    <message>
        <source>Classification needs points of at least two classes.</source>
        <translation>分类至少需要两个类别的点。</translation>
    </message>
    <message>
        <source>&amp;Label formula over x and y:</source>
        <translation>用 x 和 y 写标签公式(&amp;L)：</translation>
    </message>
    <message>
        <source>e.g. y &gt; x**3 - x   or   sin(x) * cos(y)</source>
        <translation>例如 y &gt; x**3 - x   或   sin(x) * cos(y)</translation>
    </message>
    <message>
        <source>Apply</source>
        <translation>应用</translation>
    </message>
    <message>
        <source>Classification: a condition (class 1 where true); regression: the target</source>
        <translation>分类：写一个条件（成立处为类别 1）；回归：写目标值</translation>
    </message>
    <message>
        <source>Add an input &amp;feature over x1 and x2:</source>
        <translation>用 x1 和 x2 添加输入特征(&amp;F)：</translation>
    </message>
    <message>
        <source>e.g. x1*x2**2   or   tanh(x1)</source>
        <translation>例如 x1*x2**2   或   tanh(x1)</translation>
    </message>
    <message>
        <source>Add</source>
        <translation>添加</translation>
    </message>
    <message>
        <source>&amp;Import data (CSV)…</source>
        <translation>导入数据 (CSV)(&amp;I)…</translation>
    </message>
    <message>
        <source>Read x, y, label points from a CSV file</source>
        <translation>从 CSV 文件读取 x、y、标签形式的数据点</translation>
    </message>
    <message>
        <source>E&amp;xport data (CSV)…</source>
        <translation>导出数据 (CSV)(&amp;X)…</translation>
    </message>
    <message>
        <source>Write the current points, train and test marked, to a CSV file</source>
        <translation>把当前的数据点（标明训练/测试）写入 CSV 文件</translation>
    </message>
    <message>
        <source>Your {count:,} points gave way to the {name} data set.</source>
        <translation>你的 {count:,} 个点已换成{name}数据集。</translation>
    </message>
    <message>
        <source>The points of {file} gave way to the {name} data set.</source>
        <translation>{file} 中的点已换成{name}数据集。</translation>
    </message>
    <message>
        <source>The points of your label formula gave way to the {name} data set.</source>
        <translation>由你的标签公式生成的点已换成{name}数据集。</translation>
    </message>
    <message>
        <source>Bring my data back</source>
        <translation>恢复我的数据</translation>
    </message>
    <message>
        <source>{count} classes</source>
        <translation>{count} 个类别</translation>
    </message>
    <message>
        <source>regression targets</source>
        <translation>回归目标值</translation>
    </message>
    <message>
        <source>Now: {count:,} points of your own ({what}).</source>
        <translation>当前：你自己的 {count:,} 个点（{what}）。</translation>
    </message>
    <message>
        <source> They reach beyond ±6: the plot shows [{lo:g}, {hi:g}]².</source>
        <translation>这些点超出了 ±6：图中显示 [{lo:g}, {hi:g}]²。</translation>
    </message>
    <message>
        <source>Now: points labelled by {formula}.</source>
        <translation>当前：按公式 {formula} 标注的点。</translation>
    </message>
    <message>
        <source>Now: points from {path}.</source>
        <translation>当前：来自 {path} 的点。</translation>
    </message>
    <message>
        <source>Now: the generated data set &apos;{name}&apos;. Paint on the plot to make it your own.</source>
        <translation>当前：生成的数据集“{name}”。在图上绘制即可变成你自己的数据。</translation>
    </message>
    <message>
        <source>{formula} is already an input feature</source>
        <translation>{formula} 已经是输入特征了</translation>
    </message>
    <message>
        <source>Import data from a CSV file</source>
        <translation>从 CSV 文件导入数据</translation>
    </message>
    <message>
        <source>Could not import the data</source>
        <translation>无法导入数据</translation>
    </message>
    <message>
        <source>Could not import {path}:</source>
        <translation>无法导入 {path}：</translation>
    </message>
    <message>
        <source>The current experiment is unchanged.</source>
        <translation>当前实验没有改变。</translation>
    </message>
    <message>
        <source>Imported {count:,} points ({what}) from {name}.</source>
        <translation>已从 {name} 导入 {count:,} 个点（{what}）。</translation>
    </message>
    <message>
        <source> Train and test as marked in its split column.</source>
        <translation>训练集和测试集按文件中的划分列确定。</translation>
    </message>
    <message>
        <source> The points lie beyond [-6, 6]: the plot and the output grid now cover [{lo:g}, {hi:g}]² (the points are not rescaled).</source>
        <translation>这些点超出了 [-6, 6]：图和输出网格现在覆盖 [{lo:g}, {hi:g}]²（数据点没有缩放）。</translation>
    </message>
    <message>
        <source>Export data as CSV</source>
        <translation>把数据导出为 CSV</translation>
    </message>
    <message>
        <source>Exported {count:,} points ({tests:,} for testing) to {path}</source>
        <translation>已导出 {count:,} 个点（其中 {tests:,} 个用于测试）到 {path}</translation>
    </message>
    <message>
        <source>Could not export the data</source>
        <translation>无法导出数据</translation>
    </message>
    <message>
        <source>Could not write {path}:</source>
        <translation>无法写入 {path}：</translation>
    </message>
    <message>
        <source>Nothing was written.</source>
        <translation>没有写入任何内容。</translation>
    </message>
</context>
<context>
    <name>WeightEditor</name>
    <message>
        <source>Type a number and press Enter</source>
        <translation>输入一个数并按 Enter</translation>
    </message>
    <message>
        <source>Type {count} numbers separated by commas</source>
        <translation>输入 {count} 个数，用逗号分隔</translation>
    </message>
</context>
</TS>
