print("bblab: the chaos lab is being built")
