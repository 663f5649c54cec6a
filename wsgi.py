from coworking import create_app

app = create_app()
