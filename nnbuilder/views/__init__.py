"""Views inside the network, as numbers: what each node outputs on a sample, the weights' and gradients'
histograms during training, one training step worked through by hand, and the curves of the course
(activation functions, losses, schedules, optimizer paths). Below training: the trainer uses them, they
never use the trainer."""
