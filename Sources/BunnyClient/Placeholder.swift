enum BunnyClientPlaceholder {}
