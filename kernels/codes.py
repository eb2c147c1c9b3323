"""Integer codes shared by every backend: activations, layer kinds, losses, optimizers."""

ACTIVATIONS = (
    "linear", "sigmoid", "tanh", "relu", "leaky_relu", "prelu",
    "elu", "selu", "softplus", "gelu", "silu", "sin",
)
ACT = {name: i for i, name in enumerate(ACTIVATIONS)}
PRELU = ACT["prelu"]
TANH = ACT["tanh"]
RELU = ACT["relu"]
LINEAR = ACT["linear"]

DENSE, MAXOUT, DROPOUT = 0, 1, 2
LAYER_KINDS = {"dense": DENSE, "maxout": MAXOUT, "dropout": DROPOUT}

# Loss codes: the task and class count are folded in, so a kernel needs one integer.
BCE, MSE_SIGMOID, HINGE, CE, MSE_SOFTMAX, MULTI_MARGIN, MSE = range(7)
LOSS_CODES = {
    ("binary", "cross_entropy"): BCE,
    ("binary", "mse"): MSE_SIGMOID,
    ("binary", "hinge"): HINGE,
    ("multi", "cross_entropy"): CE,
    ("multi", "mse"): MSE_SOFTMAX,
    ("multi", "hinge"): MULTI_MARGIN,
    ("regression", "mse"): MSE,
}

OPTIMIZERS = ("sgd", "momentum", "nesterov", "adagrad", "rmsprop", "adadelta", "adam", "adamax", "nadam")
OPT = {name: i for i, name in enumerate(OPTIMIZERS)}

# Slots of the optimizer hyper-parameter vector.
HP_LR, HP_MOMENTUM, HP_BETA1, HP_BETA2, HP_EPS, HP_ALPHA, HP_RHO, HP_MOMENTUM_DECAY = range(8)
HP_LR_DECAY, HP_INITIAL_ACC = 8, 9
N_HP = 10

REG_NONE, REG_L1, REG_L2 = 0, 1, 2
REGULARIZERS = {"none": REG_NONE, "l1": REG_L1, "l2": REG_L2}

# Columns of the integer layer table a kernel walks.
(COL_KIND, COL_FAN_IN, COL_UNITS, COL_PIECES, COL_ACT, COL_W, COL_B, COL_ALPHA,
 COL_IN, COL_OUT, COL_Z, COL_END, COL_FROZEN) = range(13)
N_COLS = 13
