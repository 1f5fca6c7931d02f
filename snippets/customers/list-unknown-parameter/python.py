import vinr

try:
    vinr.Customer.list(sort="created")
except vinr.InvalidRequestError as err:
    print(err.http_status, err.code, err.param)
